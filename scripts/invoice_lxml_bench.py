#!/usr/bin/env python3
"""Baseline for `mandat-bench invoices`: extract the same EN 16931 business terms as Mandat from every
UBL/CII invoice in DIR with lxml, and print one line:

    invoices=N sum=<sum of BT-115, decimal> terms=<terms present> errors=E seconds=S

Terms: BT-1, BT-2, BT-3, BT-5, BT-9, BT-10, BT-12, BT-13, seller id (BT-30, else BT-29), buyer id (BT-47,
else BT-46), BT-109, BT-110, BT-112 and BT-115 (summed as decimal.Decimal). Paths as in EN 16931-3-2 (UBL)
and EN 16931-3-3 (CII). Each file is parsed whole (lxml builds the tree), then the terms are found with
XPath expressions compiled once.

Usage: scripts/invoice_lxml_bench.py DIR   (pip install lxml)
"""
import os
import sys
import time
from decimal import Decimal

from lxml import etree

NS = {
    "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}

S = "cac:AccountingSupplierParty/cac:Party/"
B = "cac:AccountingCustomerParty/cac:Party/"
T = "cac:LegalMonetaryTotal/"
UBL = [
    "cbc:ID", "cbc:IssueDate", "cbc:InvoiceTypeCode", "cbc:DocumentCurrencyCode", "cbc:DueDate",
    "cbc:BuyerReference", "cac:ContractDocumentReference/cbc:ID", "cac:OrderReference/cbc:ID",
    S + "cac:PartyLegalEntity/cbc:CompanyID|" + S + "cac:PartyIdentification/cbc:ID",
    B + "cac:PartyLegalEntity/cbc:CompanyID|" + B + "cac:PartyIdentification/cbc:ID",
    T + "cbc:TaxExclusiveAmount", "cac:TaxTotal/cbc:TaxAmount", T + "cbc:TaxInclusiveAmount",
    T + "cbc:PayableAmount",
]
D = "rsm:ExchangedDocument/"
A = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
H = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
M = H + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
CII = [
    D + "ram:ID", D + "ram:IssueDateTime/udt:DateTimeString", D + "ram:TypeCode", H + "ram:InvoiceCurrencyCode",
    H + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString", A + "ram:BuyerReference",
    A + "ram:ContractReferencedDocument/ram:IssuerAssignedID",
    A + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
    A + "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID|" + A + "ram:SellerTradeParty/ram:GlobalID",
    A + "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID|" + A + "ram:BuyerTradeParty/ram:GlobalID",
    M + "ram:TaxBasisTotalAmount", M + "ram:TaxTotalAmount", M + "ram:GrandTotalAmount", M + "ram:DuePayableAmount",
]


def compile_all(paths):
    return [etree.XPath("(" + p + ")[1]/text()", namespaces=NS) for p in paths]


UBL_X = compile_all(UBL)
CII_X = compile_all(CII)
UBL_ROOTS = {"{%s}Invoice" % NS["ubl"]}
CII_ROOT = "{%s}CrossIndustryInvoice" % NS["rsm"]


def main(folder):
    start = time.monotonic()
    invoices = errors = present = 0
    total = Decimal(0)
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".xml"):
            continue
        try:
            root = etree.parse(os.path.join(folder, name), parser).getroot()
        except etree.XMLSyntaxError:
            errors += 1
            continue
        if root.tag in UBL_ROOTS:
            xps = UBL_X
        elif root.tag == CII_ROOT:
            xps = CII_X
        else:
            errors += 1
            continue
        values = [(x(root) or [None])[0] for x in xps]
        invoices += 1
        present += sum(1 for v in values[:-1] if v is not None)
        if values[-1] is not None:
            total += Decimal(values[-1].strip())
    print("invoices=%d sum=%s terms=%d errors=%d seconds=%.2f"
          % (invoices, total, present, errors, time.monotonic() - start))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: invoice_lxml_bench.py DIR")
    main(sys.argv[1])
