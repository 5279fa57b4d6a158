#!/usr/bin/env python3
"""A Chorus Pro status-history JSON answer with N entries (default 300 000, ~38 MB): the input of the memory
check of one large Chorus JSON import (docs/performance.md). Usage: gen_chorus_history.py N OUT.json"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
out = sys.argv[2] if len(sys.argv) > 2 else "chorus-history-big.json"
codes = ["DEPOSEE", "MISE_A_DISPOSITION", "SUSPENDUE", "COMPLETEE", "SERVICE_FAIT", "MANDATEE", "MISE_EN_PAIEMENT"]
with open(out, "w") as f:
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
