#!/usr/bin/env python3
"""A Chorus Pro JSON answer with N entries: the input of the memory check of one large Chorus JSON import
(docs/performance.md).

Usage: gen_chorus_history.py N OUT.json [history|list]
  history (default): a status history of ONE invoice with N entries (300 000 entries: ~38 MB);
  list: a `rechercher` list answer of N invoices, one per entry (300 000 invoices: ~140 MB)."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
out = sys.argv[2] if len(sys.argv) > 2 else "chorus-history-big.json"
shape = sys.argv[3] if len(sys.argv) > 3 else "history"
codes = ["DEPOSEE", "MISE_A_DISPOSITION", "SUSPENDUE", "COMPLETEE", "SERVICE_FAIT", "MANDATEE", "MISE_EN_PAIEMENT"]
with open(out, "w") as f:
    if shape == "list":
        f.write(f'{{\n  "codeRetour": 0,\n  "pageCourante": 1,\n  "pages": 1,\n  "total": {n},\n')
        f.write('  "listeFactures": [\n')
        for i in range(n):
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            sep = "," if i < n - 1 else ""
            f.write(f'    {{"idFacture": {900000 + i}, "numeroFacture": "FA-2025-{i:06d}", '
                    f'"statut": "{codes[i % len(codes)]}", "dateFacture": "2025-{month:02d}-{day:02d}", '
                    f'"dateDepot": "2025-{month:02d}-{day:02d}", "codeFournisseur": "98765432400001", '
                    f'"codeDestinataire": "55512345400004", "codeServiceExecutant": null, '
                    f'"numeroBonCommande": null, "numeroMarche": null, "devise": "EUR", '
                    f'"montantHT": 100, "montantTTC": 120, "montantAPayer": 120}}{sep}\n')
        f.write("  ]\n}\n")
        sys.exit(0)
    f.write('{\n  "idFacture": 900042,\n  "numeroFacture": "FA-2025-0042",\n  "statutCourantCode": "MISE_EN_PAIEMENT",\n')
    f.write('  "historiquesDesStatuts": {\n    "histoStatut": [\n')
    for i in range(n):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        sep = "," if i < n - 1 else ""
        f.write(f'      {{"histoStatutId": {n - i}, "histoStatutCode": "{codes[i % len(codes)]}", '
                f'"histoStatutDatePassage": "2025-{month:02d}-{day:02d} 09:{i % 60:02d}", '
                f'"histoStatutCommentaire": "entrée {i}"}}{sep}\n')
    f.write("    ]\n  }\n}\n")
