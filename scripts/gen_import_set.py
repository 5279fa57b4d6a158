#!/usr/bin/env python3
"""Generate a synthetic import set for `mandat import` benchmarks (issue 7).

Usage: scripts/gen_import_set.py DIR N [--seed S]

Writes, under DIR:
  invoices/FB-<year>-<nnnnnn>.ubl.xml   N UBL invoices (EN 16931, UTF-8), 3-5 lines each, ~6-8 KB
  chorus/CPPStatut_<invoice>.xml        one Chorus Pro CPPStatut flow per invoice: 01 DEPOSEE, 03
                                        MISE_A_DISPOSITION, and 11 MISE_EN_PAIEMENT once the invoice is paid
  pes/PESALR2_<buyer>_<exer>_B<n>.xml   PES_Aller (ISO-8859-1), one bordereau of 100 mandats per file,
                                        InfoLignePce/Facture = invoice number, IdTiers = seller SIRET
  pes/ACK_PESALR2_<...>.xml             one PES_ACQUIT per PES_Aller (about 1 in 200 rejected)
  pes/PES2R_DEP_P_<buyer>_<n>.xml       PES_Retour periodic files (payments), one per 10 bordereaux
  pes/PES2R_DEP_R_<buyer>_<n>.xml       PES_Retour reject/pending files, one per 10 bordereaux

Fates of the invoices (deterministic from the seed): ~85 % paid in time, ~6 % paid late, ~3 % mandat
rejected by the comptable, ~2 % mandat held "en instance", ~4 % never mandated (blocked at the ordonnateur);
invoices whose payment would fall after the reference date 2026-11-29 are left unpaid.

Synthetic data: every company, person, name and number is invented; SIREN/SIRET carry valid Luhn keys.
Prints a one-line JSON summary (files, bytes, invoices, mandats, expected Chorus events) on stdout.
"""
import datetime as dt
import json
import os
import random
import sys

TODAY = dt.date(2026, 11, 29)
START = dt.date(2025, 9, 1)
END = dt.date(2026, 11, 20)
MANDATS_PER_BORDEREAU = 100
BORDEREAUX_PER_RETOUR = 10

NS_ALLER = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"
NS_RETOUR = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"
NS_ACK = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour/v2"

SYNTH_COMMENT = ("<!-- Données synthétiques - banc d'essai d'import Mandat : entreprises, établissements, "
                 "personnes et numéros inventés (SIREN/SIRET à clé de Luhn valide). Synthetic benchmark data: "
                 "every name and number is made up. -->")


def luhn_key(digits: str) -> str:
    """The check digit that makes digits + key pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the key is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def make_siret(rng: random.Random, first: str) -> tuple:
    body = first + "".join(rng.choice("0123456789") for _ in range(7))
    siren = body + luhn_key(body)
    nic = "".join(rng.choice("0123456789") for _ in range(4))
    siret = siren + nic + luhn_key(siren + nic)
    assert luhn_ok(siren) and luhn_ok(siret)
    return siren, siret


def money(cents: int) -> str:
    return "%d.%02d" % (cents // 100, cents % 100)


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


PREFIXES = ["Constructions", "Menuiserie", "Électricité", "Plomberie", "Charpentes", "Bureau d'études",
            "Transports", "Paysages", "Imprimerie", "Informatique", "Nettoyage", "Restauration collective",
            "Voirie", "Peintures", "Couverture", "Serrurerie", "Fournitures scolaires", "Éclairage public"]
NAMES = ["Verdaline", "du Bocage", "Marchetti", "Lesueur & Fils", "de l'Étang", "Armorique Sud", "Bellerive",
         "Fontclaire", "Hautmont", "des Trois Vallées", "Rivière", "Champlain", "Dufresne", "Val-d'Orgue",
         "Mercadier", "Sainte-Odile", "Brocéliande", "Castelnau", "Lagrange", "Pré-Fleuri"]
STREETS = ["rue des Tanneurs", "avenue de la Gare", "chemin des Vignes", "boulevard Pasteur",
           "rue du Général-Leclerc", "impasse des Tilleuls", "route de Lyon", "place du Marché",
           "rue Victor-Hugo", "allée des Érables"]
CITIES = [("Saint-Aubin-sur-Verdaline", "99310"), ("Montval-le-Haut", "99120"), ("Berges-d'Orgue", "99240"),
          ("Clairefontaine-en-Bocage", "99410"), ("Rochebrune", "99530"), ("Les Essarts-Fleuris", "99620"),
          ("Villeneuve-sur-Orgue", "99700"), ("Pont-Castel", "99810")]
BUYER_KINDS = ["Commune de", "Communauté de communes de", "Syndicat des eaux de", "Centre communal d'action sociale de"]
ITEMS = [
    ("Situation n° {k} – gros œuvre et maçonnerie des fondations", "C62", 1, (800000, 4500000)),
    ("Isolation thermique des combles ({q} m²)", "MTK", None, (1800, 4200)),
    ("Fourniture et pose de menuiseries extérieures double vitrage", "C62", None, (45000, 160000)),
    ("Remplacement des luminaires de l'éclairage public (LED)", "C62", None, (30000, 95000)),
    ("Entretien des espaces verts – tonte et débroussaillage", "HUR", None, (3500, 6500)),
    ("Ramettes de papier recyclé A4 80 g", "C62", None, (390, 720)),
    ("Prestation de nettoyage des locaux scolaires – mois de {m}", "C62", 1, (150000, 900000)),
    ("Repas servis au restaurant scolaire", "C62", None, (320, 610)),
    ("Maintenance du parc informatique de la mairie", "HUR", None, (6500, 11000)),
    ("Reprise de chaussée en enrobé à chaud ({q} m²)", "MTK", None, (2800, 6400)),
    ("Transport des élèves – circuit de ramassage n° {k}", "C62", 1, (120000, 680000)),
    ("Travaux de peinture des salles de classe", "MTK", None, (1500, 3800)),
    ("Location de nacelle élévatrice avec opérateur", "DAY", None, (38000, 72000)),
    ("Impression du bulletin municipal – {q} exemplaires", "C62", None, (45, 120)),
]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def item_text(rng, tmpl):
    return tmpl[0].format(k=rng.randint(1, 12), q=rng.randint(2, 60) * 10, m=rng.choice(MONTHS))


UBL_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
{comment}
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ProfileID>A1</cbc:ProfileID>
  <cbc:ID>{num}</cbc:ID>
  <cbc:IssueDate>{issue}</cbc:IssueDate>
  <cbc:DueDate>{due}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>{note}</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{service}</cbc:BuyerReference>
  <cac:OrderReference>
    <cbc:ID>{order}</cbc:ID>
  </cac:OrderReference>
  <cac:ContractDocumentReference>
    <cbc:ID>{contract}</cbc:ID>
  </cac:ContractDocumentReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0009">{s_siret}</cbc:EndpointID>
      <cac:PartyIdentification>
        <cbc:ID schemeID="0009">{s_siret}</cbc:ID>
      </cac:PartyIdentification>
      <cac:PartyName>
        <cbc:Name>{s_name}</cbc:Name>
      </cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>{s_street}</cbc:StreetName>
        <cbc:CityName>{s_city}</cbc:CityName>
        <cbc:PostalZone>{s_zip}</cbc:PostalZone>
        <cac:Country>
          <cbc:IdentificationCode>FR</cbc:IdentificationCode>
        </cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>{s_vat}</cbc:CompanyID>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{s_name} SAS</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0002">{s_siren}</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0009">{b_siret}</cbc:EndpointID>
      <cac:PartyIdentification>
        <cbc:ID schemeID="0009">{b_siret}</cbc:ID>
      </cac:PartyIdentification>
      <cac:PostalAddress>
        <cbc:StreetName>Place de la Mairie</cbc:StreetName>
        <cbc:CityName>{b_city}</cbc:CityName>
        <cbc:PostalZone>{b_zip}</cbc:PostalZone>
        <cac:Country>
          <cbc:IdentificationCode>FR</cbc:IdentificationCode>
        </cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{b_name}</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0009">{b_siret}</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:Delivery>
    <cbc:ActualDeliveryDate>{delivery}</cbc:ActualDeliveryDate>
  </cac:Delivery>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount>
      <cbc:ID>{iban}</cbc:ID>
    </cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms>
    <cbc:Note>Paiement par virement à 30 jours à compter de la réception de la facture (délai global de paiement, CCP R.2192-10/R.2192-11). En cas de retard : intérêts moratoires au taux BCE + 8 points et indemnité forfaitaire de 40 € (CCP R.2192-31, D.2192-35).</cbc:Note>
  </cac:PaymentTerms>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">{tva}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">{ht}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">{tva}</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>20.00</cbc:Percent>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{ht}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{ht}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{ttc}</cbc:TaxInclusiveAmount>
    <cbc:PrepaidAmount currencyID="EUR">0.00</cbc:PrepaidAmount>
    <cbc:PayableAmount currencyID="EUR">{ttc}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
"""

UBL_LINE = """  <cac:InvoiceLine>
    <cbc:ID>{n}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="{unit}">{qty}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">{amount}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>{name}</cbc:Name>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>20.00</cbc:Percent>
        <cac:TaxScheme>
          <cbc:ID>VAT</cbc:ID>
        </cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price>
      <cbc:PriceAmount currencyID="EUR">{price}</cbc:PriceAmount>
    </cac:Price>
  </cac:InvoiceLine>
"""

CPP_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
{comment}
<CPPStatut Version="V1_19">
  <Enveloppe>
    <EnveloppeUnitaire NumOrdre="1">
      <Parametres>
        <ParametreIndiv NumOrdre="0001">
          <Code>DtPrd</Code>
          <Valeurparametre>{prod}</Valeurparametre>
        </ParametreIndiv>
        <ParametreIndiv NumOrdre="0002">
          <Code>IdFlx</Code>
          <Valeurparametre>{flux}</Valeurparametre>
        </ParametreIndiv>
      </Parametres>
      <Partenaires>
        <Recepteur>
          <Id>FRN{sid:05d}</Id>
          <Libelle>{s_name}</Libelle>
        </Recepteur>
        <Emetteur>
          <Id>CPP001</Id>
          <Libelle>CPP</Libelle>
        </Emetteur>
      </Partenaires>
    </EnveloppeUnitaire>
  </Enveloppe>
  <CPPFactureStatuts compteur="{count}">
"""

CPP_STATUS = """    <CPPFactureStatutUnitaire NumOrdre="{n}">
      <Fournisseur>
        <TypeIdentifiant>1</TypeIdentifiant>
        <Identifiant>{s_siret}</Identifiant>
        <RaisonSociale>{s_name} SAS</RaisonSociale>
        <CodePays>FR</CodePays>
      </Fournisseur>
      <Debiteur>
        <TypeIdentifiant>1</TypeIdentifiant>
        <Identifiant>{b_siret}</Identifiant>
        <Nom>{b_name}</Nom>
        <CodeService>{service}</CodeService>
        <NomService>{service_name}</NomService>
      </Debiteur>
      <DonneesStatut>
        <IdStatut>{code}</IdStatut>
        <ComplementStatut>{label}</ComplementStatut>
{comment}        <Horodatage>{ts}</Horodatage>
        <IdFacture>{num}</IdFacture>
        <DateFacture>{issue}</DateFacture>
      </DonneesStatut>
    </CPPFactureStatutUnitaire>
"""

ALLER_HEAD = """<?xml version="1.0" encoding="ISO-8859-1"?>
{comment}
<n:PES_Aller xmlns:n="{ns}" Id="{nomfic}">
 <Enveloppe>
  <Parametres>
   <Version V="2"/>
   <TypFic V="PESALR2"/>
   <NomFic V="{nomfic}"/>
  </Parametres>
  <Emetteur>
   <Sigle V="Gestion financière Mairie"/>
   <Adresse V="echangePES 4.2"/>
  </Emetteur>
  <Recepteur>
   <Sigle V="HELIOS"/>
  </Recepteur>
 </Enveloppe>
 <EnTetePES>
  <DteStr V="{date}"/>
  <IdPost V="{post}"/>
  <IdColl V="{b_siret}"/>
  <CodCol V="{codcol}"/>
  <CodBud V="00"/>
  <LibelleColBud V="{b_name} - budget principal"/>
 </EnTetePES>
 <PES_DepenseAller>
  <EnTeteDepense>
   <IdVer V="2"/>
   <InfoDematerialisee V="1"/>
  </EnTeteDepense>
  <Bordereau Id="B{exer}-{bord}">
   <BlocBordereau>
    <Exer V="{exer}"/>
    <IdBord V="{bord}"/>
    <DteBordEm V="{date}"/>
    <TypBord V="01"/>
    <NbrPce V="{nbr}"/>
    <MtCumulAnnuel V="{cumul}"/>
    <MtBordHT V="{ht}"/>
    <MtBordTVA V="{tva}"/>
   </BlocBordereau>
"""

ALLER_PIECE = """   <Piece>
    <BlocPiece>
     <InfoPce>
      <CodServ V="{service}"/>
      <IdPce V="{pce}"/>
      <TypPce V="09"/>
      <NatPce V="02"/>
      <Obj V="{num} {obj}"/>
     </InfoPce>
     <DGP>
      <Dgp V="0"/>
      <DteDebDgp V="{dgp_start}"/>
      <DteFinDgp V="{dgp_end}"/>
      <DureeDgp V="30"/>
      <CodIntMor V="01"/>
     </DGP>
    </BlocPiece>
    <LigneDePiece>
     <BlocLignePiece>
      <InfoLignePce>
       <IdLigne V="1"/>
       <Nature V="{nature}"/>
       <Fonction V="{fonction}"/>
       <Facture V="{num}"/>
       <LibVir1 V="FACT {num} DU {issue_fr}"/>
       <LibVir2 V="MARCHE {contract}"/>
       <ModRegl V="03"/>
       <TVAIntraCom V="0"/>
       <MtHT V="{ht}"/>
       <MtTVA V="{tva}"/>
      </InfoLignePce>
      <LiensIdent>
       <IdMarche V="{contract}"/>
      </LiensIdent>
     </BlocLignePiece>
     <Tiers>
      <InfoTiers>
       <IdTiers V="{s_siret}"/>
       <NatIdTiers V="01"/>
       <RefTiers V="{sid}"/>
       <CatTiers V="50"/>
       <NatJur V="03"/>
       <Nom V="{s_upper}"/>
      </InfoTiers>
      <Adresse>
       <TypAdr V="1"/>
       <Adr2 V="{s_street_upper}"/>
       <CP V="{s_zip}"/>
       <Ville V="{s_city_upper}"/>
       <CodRes V="0"/>
      </Adresse>
      <CpteBancaire>
       <BIC V="{bic}"/>
       <IBAN V="{iban}"/>
       <TitCpte V="{s_upper}"/>
      </CpteBancaire>
     </Tiers>
    </LigneDePiece>
   </Piece>
"""

ALLER_TAIL = """  </Bordereau>
 </PES_DepenseAller>
</n:PES_Aller>
"""

ACK = """<?xml version="1.0" encoding="ISO-8859-1"?>
{comment}
<n:PES_ACQUIT xmlns:n="{ns}">
 <Enveloppe>
  <Parametres>
   <Version V="2"/>
   <TypFic V="PESALR2"/>
   <NomFic V="{nomfic}"/>
  </Parametres>
  <Emetteur>
   <Sigle V="Gestion financière Mairie"/>
   <Adresse V="echangePES 4.2"/>
  </Emetteur>
  <Recepteur>
   <Sigle V="HELIOS"/>
  </Recepteur>
 </Enveloppe>
 <EnTetePES>
  <DteStr V="{date}"/>
  <IdPost V="{post}"/>
  <IdColl V="{b_siret}"/>
  <CodCol V="{codcol}"/>
  <CodBud V="00"/>
  <LibelleColBud V="{b_name} - budget principal"/>
 </EnTetePES>
 <ACQUIT>
  <EnTeteAcquit>
   <IdVer V="2"/>
  </EnTeteAcquit>
  <ElementACQUIT>
   <DomaineAck V="5"/>
   <EtatAck V="{etat}"/>
   <NumBord V="{bord}"/>
   <ExerciceBord V="{exer}"/>
{detail}  </ElementACQUIT>
 </ACQUIT>
</n:PES_ACQUIT>
"""

ACK_REJECT = """   <Erreur>
    <NumAnoAck V="ERREUR_AUTRE"/>
    <LibelleAnoAck V="2559 - Le code service de la structure publique destinataire est inconnu ou inactif dans Chorus Pro"/>
   </Erreur>
"""

RETOUR_HEAD = """<?xml version="1.0" encoding="ISO-8859-1"?>
{comment}
<n:PES_Retour xmlns:n="{ns}">
 <Enveloppe>
  <Parametres>
   <Version V="2"/>
   <TypFic V="PESRETOUR_DEP"/>
   <NomFic V="{nomfic}"/>
  </Parametres>
 </Enveloppe>
 <EnTetePES>
  <DteStr V="{date}"/>
  <IdPost V="{post}"/>
  <LibellePoste V="SGC de {post_city}"/>
  <IdColl V="{b_siret}"/>
  <CodColl V="{codcol}"/>
  <CodBud V="00"/>
 </EnTetePES>
 <PES_DepenseRetour>
  <EnTeteDepense>
   <TypRestit V="{typ}"/>
   <IdVer V="2"/>
   <NatInf V="2"/>
  </EnTeteDepense>
"""

RETOUR_BORD = """  <Bordereau>
   <BlocBordereau>
    <Exer V="{exer}"/>
    <IdBord V="{bord}"/>
    <TypBord V="01"/>
   </BlocBordereau>
"""

RETOUR_PAID = """   <Piece>
    <InfoPiece>
     <IdPce V="{pce}"/>
     <TypPce V="09"/>
     <NatPce V="02"/>
     <Obj V="{num} {obj}"/>
     <DtePcePec V="{pec}"/>
     <EtatPce V="02"/>
    </InfoPiece>
    <LigneDePiece>
     <BlocLignePiece>
      <InfoLignePiece>
       <IdLigne V="1"/>
       <EtatLigPce V="01"/>
       <MtHT V="{ht}"/>
       <MtTVA V="{tva}"/>
      </InfoLignePiece>
      <InfoPaiement>
       <NbrPay V="1"/>
       <MtPayTot V="{ttc}"/>
      </InfoPaiement>
     </BlocLignePiece>
     <PaiementEmargement>
      <OrgEma V="01"/>
      <DtePay V="{pay}"/>
      <MtPay V="{ttc}"/>
     </PaiementEmargement>
    </LigneDePiece>
   </Piece>
"""

RETOUR_REJECTED = """   <Piece>
    <InfoPiece>
     <IdPce V="{pce}"/>
     <TypPce V="09"/>
     <NatPce V="02"/>
     <Obj V="{num} {obj}"/>
     <EtatPce V="04"/>
     <ObsEtat V="09"/>
     <Commentaire V="RIB du créancier absent ou erroné : coordonnées bancaires à vérifier avant réémission."/>
     <DtePceRej V="{date}"/>
    </InfoPiece>
    <LigneDePiece>
     <BlocLignePiece>
      <InfoLignePiece>
       <IdLigne V="1"/>
       <EtatLigPce V="02"/>
       <ObsEtat V="09"/>
       <MtHT V="{ht}"/>
       <MtTVA V="{tva}"/>
      </InfoLignePiece>
     </BlocLignePiece>
    </LigneDePiece>
   </Piece>
"""

RETOUR_PENDING = """   <Piece>
    <InfoPiece>
     <IdPce V="{pce}"/>
     <TypPce V="09"/>
     <NatPce V="02"/>
     <Obj V="{num} {obj}"/>
     <EtatPce V="01"/>
     <ObsEtat V="01"/>
     <Commentaire V="Procès-verbal de réception des travaux non joint au mandat."/>
     <DtePceInst V="{date}"/>
    </InfoPiece>
    <LigneDePiece>
     <BlocLignePiece>
      <InfoLignePiece>
       <IdLigne V="1"/>
       <EtatLigPce V="16"/>
       <ObsEtat V="01"/>
       <MtHT V="{ht}"/>
       <MtTVA V="{tva}"/>
      </InfoLignePiece>
     </BlocLignePiece>
    </LigneDePiece>
   </Piece>
"""

RETOUR_TAIL = """ </PES_DepenseRetour>
</n:PES_Retour>
"""


def ascii_upper(s: str) -> str:
    table = str.maketrans("éèêëàâäîïôöùûüçœÉÈÊÀÂÎÔÙÛÇ'", "eeeeaaaiioouuucoEEEAAIOUUC ")
    return s.translate(table).replace("–", "-").replace("²", "2").upper()


def main() -> int:
    argv = sys.argv[1:]
    seed = 7
    if "--seed" in argv:
        at = argv.index("--seed")
        seed = int(argv[at + 1])
        del argv[at:at + 2]
    args = argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, n = args[0], int(args[1])
    if n < 1:
        print("N must be at least 1", file=sys.stderr)
        return 2
    rng = random.Random(seed)
    for sub in ("invoices", "chorus", "pes"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)

    # Sellers and buyers (synthetic, Luhn-valid identifiers).
    sellers = []
    for i in range(400):
        siren, siret = make_siret(rng, rng.choice("3456789"))
        city, zipc = rng.choice(CITIES)
        name = "%s %s" % (rng.choice(PREFIXES), rng.choice(NAMES))
        street = "%d %s" % (rng.randint(1, 120), rng.choice(STREETS))
        key = (12 + 3 * int(siren)) % 97
        iban = "FR76%05d%05d%011d%02d" % (rng.randint(10000, 99999), rng.randint(10000, 99999),
                                          rng.randint(0, 10 ** 11 - 1), rng.randint(0, 96))
        sellers.append(dict(sid=i + 1, siren=siren, siret=siret, name=name, street=street, city=city,
                            zip=zipc, vat="FR%02d%s" % (key, siren), iban=iban,
                            bic="%sFRP1XXX" % "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(4))))
    buyers = []
    for i, (city, zipc) in enumerate(CITIES):
        _, siret = make_siret(rng, "2")
        kind = BUYER_KINDS[i % len(BUYER_KINDS)]
        buyers.append(dict(siret=siret, name="%s %s" % (kind, city), city=city, zip=zipc,
                           post="0990%02d" % (10 + i), codcol=str(400 + i), bord={}))
    services = [("SERV-TECH", "Services techniques"), ("ENF-SCOL", "Enfance et affaires scolaires"),
                ("VOIRIE", "Voirie et réseaux"), ("ADM-GEN", "Administration générale")]

    files = 0
    total_bytes = 0

    def write(path: str, text: str, encoding: str) -> None:
        nonlocal files, total_bytes
        data = text.encode(encoding)
        with open(path, "wb") as f:
            f.write(data)
        files += 1
        total_bytes += len(data)

    span = (END - START).days
    n_bord = (n + MANDATS_PER_BORDEREAU - 1) // MANDATS_PER_BORDEREAU
    stats = dict(invoices=n, mandats=0, bordereaux=n_bord, chorus_events=0, paid=0, paid_late=0,
                 rejected=0, pending=0, not_mandated=0, unpaid_recent=0, ack_rejected=0)
    retour_groups = {}  # buyer index -> list of (exer, bord, pieces) awaiting a PES_Retour file
    retour_count = {}

    def flush_retour(bi: int, force: bool) -> None:
        group = retour_groups.get(bi, [])
        if not group or (len(group) < BORDEREAUX_PER_RETOUR and not force):
            return
        b = buyers[bi]
        retour_groups[bi] = []
        retour_count[bi] = retour_count.get(bi, 0) + 1
        for typ, kinds, letter in (("02", ("paid",), "P"), ("01", ("rejected", "pending"), "R")):
            parts = []
            for exer, bord, pieces in group:
                sel = [p for p in pieces if p["kind"] in kinds]
                if not sel:
                    continue
                parts.append(RETOUR_BORD.format(exer=exer, bord=bord))
                for p in sel:
                    tmpl = {"paid": RETOUR_PAID, "rejected": RETOUR_REJECTED, "pending": RETOUR_PENDING}[p["kind"]]
                    parts.append(tmpl.format(**p))
                parts.append("  </Bordereau>\n")
            if not parts:
                continue
            dates = [p["date"] for _, _, ps in group for p in ps if p["kind"] in kinds]
            date = max(dates)
            nomfic = "PES2R_DEP_%s_%s_%s_%04d" % (letter, b["siret"], date.replace("-", ""), retour_count[bi])
            text = RETOUR_HEAD.format(comment=SYNTH_COMMENT, ns=NS_RETOUR, nomfic=nomfic, date=date, post=b["post"],
                                      post_city=b["city"], b_siret=b["siret"], codcol=b["codcol"], typ=typ) \
                + "".join(parts) + RETOUR_TAIL
            write(os.path.join(out, "pes", nomfic + ".xml"), text, "latin-1")

    for k in range(n_bord):
        lo, hi = k * MANDATS_PER_BORDEREAU, min(n, (k + 1) * MANDATS_PER_BORDEREAU)
        bi = k % len(buyers)
        b = buyers[bi]
        pieces = []
        bord_issue_max = START
        mandat_rows = []
        for i in range(lo, hi):
            s = sellers[rng.randrange(len(sellers))]
            issue = START + dt.timedelta(days=(i * span) // n)
            bord_issue_max = max(bord_issue_max, issue)
            num = "FB-%d-%06d" % (issue.year, i + 1)
            service, service_name = rng.choice(services)
            # Lines: integer cents, quantity × unit price.
            lines = []
            ht = 0
            for ln in range(rng.randint(3, 5)):
                tmpl = rng.choice(ITEMS)
                qty = tmpl[2] if tmpl[2] is not None else rng.randint(1, 400)
                price = rng.randint(*tmpl[3])
                amount = qty * price
                ht += amount
                lines.append(UBL_LINE.format(n=ln + 1, unit=tmpl[1], qty=qty, amount=money(amount),
                                             name=esc(item_text(rng, tmpl)), price=money(price)))
            tva = (ht * 20 + 50) // 100
            ttc = ht + tva
            contract = "%d-MAR-%03d" % (issue.year, rng.randint(1, 80))
            deposit = issue + dt.timedelta(days=rng.randint(0, 2))
            available = deposit + dt.timedelta(days=1)
            head = UBL_HEAD.format(
                comment=SYNTH_COMMENT, num=num, issue=issue.isoformat(),
                due=(issue + dt.timedelta(days=30)).isoformat(),
                note="Facture au titre du marché %s – %s." % (contract, service_name), service=service,
                order="EJ%d-%06d" % (issue.year, rng.randint(1, 999999)), contract=contract,
                s_siret=s["siret"], s_name=esc(s["name"]), s_street=esc(s["street"]), s_city=esc(s["city"]),
                s_zip=s["zip"], s_vat=s["vat"], s_siren=s["siren"], b_siret=b["siret"], b_city=esc(b["city"]),
                b_zip=b["zip"], b_name=esc(b["name"]),
                delivery=(issue - dt.timedelta(days=rng.randint(1, 10))).isoformat(), iban=s["iban"],
                tva=money(tva), ht=money(ht), ttc=money(ttc))
            write(os.path.join(out, "invoices", num + ".ubl.xml"), head + "".join(lines) + "</Invoice>\n", "utf-8")

            # Fate of the invoice.
            r = rng.random()
            fate = ("paid" if r < 0.85 else "late" if r < 0.91 else "rejected" if r < 0.94
                    else "pending" if r < 0.96 else "none")
            obj = ascii_upper(item_text(rng, rng.choice(ITEMS)))[:60].replace("’", " ")
            mandat_rows.append(dict(i=i, num=num, s=s, service=service, ht=ht, tva=tva, ttc=ttc, issue=issue,
                                    available=available, deposit=deposit, contract=contract, fate=fate, obj=obj,
                                    service_name=service_name))

        # The bordereau: all mandated invoices of this block.
        bord_date = bord_issue_max + dt.timedelta(days=rng.randint(5, 12))
        exer = bord_date.year
        bord_no = b["bord"].get(exer, 0) + 1
        b["bord"][exer] = bord_no
        mandated = [m for m in mandat_rows if m["fate"] != "none"]
        stats["not_mandated"] += len(mandat_rows) - len(mandated)
        piece_texts = []
        sum_ht = sum_tva = 0
        for j, m in enumerate(mandated):
            pce = bord_no * 1000 + j + 1
            m["pce"] = pce
            s = m["s"]
            sum_ht += m["ht"]
            sum_tva += m["tva"]
            piece_texts.append(ALLER_PIECE.format(
                service=m["service"], pce=pce, num=m["num"], obj=m["obj"], dgp_start=m["available"].isoformat(),
                dgp_end=(m["available"] + dt.timedelta(days=30)).isoformat(), nature=rng.choice(["2313", "6068", "6156", "611", "6247"]),
                fonction=rng.choice(["020", "213", "822", "251"]), contract=m["contract"],
                issue_fr=m["issue"].strftime("%d/%m/%Y"), ht=money(m["ht"]), tva=money(m["tva"]),
                s_siret=s["siret"], sid=s["sid"], s_upper=esc(ascii_upper(s["name"])),
                s_street_upper=esc(ascii_upper(s["street"])), s_zip=s["zip"], s_city_upper=esc(ascii_upper(s["city"])),
                bic=s["bic"], iban=s["iban"]))
        stats["mandats"] += len(mandated)
        nomfic = "PESALR2_%s_%d_B%d" % (b["siret"], exer, bord_no)
        if mandated:
            text = ALLER_HEAD.format(comment=SYNTH_COMMENT, ns=NS_ALLER, nomfic=nomfic, date=bord_date.isoformat(),
                                     post=b["post"], b_siret=b["siret"], codcol=b["codcol"], b_name=b["name"],
                                     exer=exer, bord=bord_no, nbr=len(mandated), cumul=money(sum_ht * 3),
                                     ht=money(sum_ht), tva=money(sum_tva)) + "".join(piece_texts) + ALLER_TAIL
            write(os.path.join(out, "pes", nomfic + ".xml"), text, "latin-1")
            ack_date = bord_date + dt.timedelta(days=1)
            ack_rejected = rng.random() < 0.005
            if ack_rejected:
                stats["ack_rejected"] += 1
            if ack_date <= TODAY:
                write(os.path.join(out, "pes", "ACK_" + nomfic + ".xml"), ACK.format(
                    comment=SYNTH_COMMENT, ns=NS_ACK, nomfic=nomfic, date=ack_date.isoformat(), post=b["post"],
                    b_siret=b["siret"], codcol=b["codcol"], b_name=b["name"], etat="0" if ack_rejected else "1",
                    bord=bord_no, exer=exer, detail=ACK_REJECT if ack_rejected else ""), "latin-1")

        # Comptable's decisions and Chorus statuses.
        retour_pieces = []
        for m in mandat_rows:
            s = m["s"]
            fate = m["fate"]
            pay = None
            kind = "none"
            date = None
            if fate in ("paid", "late"):
                pay = bord_date + dt.timedelta(days=rng.randint(3, 15) if fate == "paid" else rng.randint(25, 60))
                if pay > TODAY:
                    pay = None
                    stats["unpaid_recent"] += 1
                else:
                    kind = "paid"
                    date = pay.isoformat()
                    stats["paid" if fate == "paid" else "paid_late"] += 1
            elif fate in ("rejected", "pending"):
                d = bord_date + dt.timedelta(days=rng.randint(3, 10))
                if d <= TODAY:
                    kind = fate
                    date = d.isoformat()
                    stats[fate] += 1
            if kind != "none":
                retour_pieces.append(dict(kind=kind, pce=m["pce"], num=m["num"], obj=m["obj"], ht=money(m["ht"]),
                                          tva=money(m["tva"]), ttc=money(m["ttc"]), date=date, pay=date,
                                          pec=(bord_date + dt.timedelta(days=2)).isoformat()))
            statuses = [("01", "Déposée", "        <Commentaire>Facture déposée</Commentaire>\n",
                         "%sT%02d:%02d:00.000+01:00" % (m["deposit"].isoformat(), rng.randint(8, 19), rng.randint(0, 59))),
                        ("03", "Mise à disposition du destinataire", "",
                         "%sT06:15:00.000+01:00" % m["available"].isoformat())]
            if pay is not None:
                statuses.append(("11", "Mise en paiement", "",
                                 "%sT07:30:00.000+01:00" % pay.isoformat()))
            stats["chorus_events"] += len(statuses)
            parts = [CPP_HEAD.format(comment=SYNTH_COMMENT, prod=statuses[-1][3][:10], flux=5100000000 + m["i"],
                                     sid=s["sid"], s_name=esc(s["name"]), count=len(statuses))]
            for sn, (code, label, comment, ts) in enumerate(statuses, 1):
                parts.append(CPP_STATUS.format(n=sn, s_siret=s["siret"], s_name=esc(s["name"]), b_siret=b["siret"],
                                               b_name=esc(b["name"]), service=m["service"],
                                               service_name=esc(m["service_name"]), code=code, label=label,
                                               comment=comment, ts=ts, num=m["num"], issue=m["issue"].isoformat()))
            parts.append("  </CPPFactureStatuts>\n</CPPStatut>\n")
            write(os.path.join(out, "chorus", "CPPStatut_%s.xml" % m["num"]), "".join(parts), "utf-8")
        if mandated:
            retour_groups.setdefault(bi, []).append((exer, bord_no, retour_pieces))
            flush_retour(bi, force=False)
    for bi in list(retour_groups):
        flush_retour(bi, force=True)

    stats.update(files=files, bytes=total_bytes, seed=seed)
    print(json.dumps(stats, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
