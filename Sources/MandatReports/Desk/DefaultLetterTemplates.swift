// Generated from templates/letters/*.mustache by scripts/gen-letter-templates.sh (a test checks they stay
// equal): the bundled letter templates. SwiftPM resources must live inside a target, so the defaults are
// compiled in; `--templates DIR` overrides them.

/// The bundled letter templates, by file name (`reminder.md.mustache`, `reminder.en.md.mustache`, …).
enum DefaultLetterTemplates {
    static let files: [String: String] = [
        "formal-notice.en.html.mustache": #"""
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Formal notice — invoice no. {{invoiceNumber}}</title>
<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.4}.right{text-align:right}td{padding:.2em .8em}td.n{text-align:right}</style></head>
<body>
<p>{{sender}}</p>
<p class="right">{{buyerName}}<br>{{#ordonnateurContact}}For the attention of {{ordonnateurContact}}<br>{{/ordonnateurContact}}SIRET {{buyerSiret}}{{#comptableOffice}}<br>Copy: {{comptableOffice}} (comptable public){{/comptableOffice}}</p>
<p><em>Registered letter with acknowledgement of receipt</em></p>
<p class="right">{{today}}</p>
<p><strong>Re: formal notice to pay (mise en demeure) — invoice no. {{invoiceNumber}}{{#contractId}}, contract no. {{contractId}}{{/contractId}}</strong></p>
<p>Dear Sir or Madam,</p>
<p>Despite our reminders, our invoice no. {{invoiceNumber}} for {{amountDue}} remains unpaid. The global payment period (délai global de paiement) of {{delayDays}} days ({{delayArticle}} of the French public procurement code) expired on {{dueDate}}; payment is now {{daysLate}} days late.</p>
<p>Under Article L.2192-13 of the public procurement code, this delay bears late-payment interest by law, at the European Central Bank rate plus eight points (Article R.2192-31), and entitles us to a fixed recovery-cost indemnity of 40 euros (Article D.2192-35).</p>
<p>We hereby give you formal notice to pay us, within {{noticeDays}} days of receipt of this letter:</p>
<table>
<tr><td>Principal outstanding</td><td class="n">{{principal}}</td></tr>
<tr><td>Late-payment interest as of {{today}}</td><td class="n">{{interest}}</td></tr>
<tr><td>Fixed indemnity (D.2192-35)</td><td class="n">{{indemnity}}</td></tr>
<tr><td><strong>Total</strong></td><td class="n"><strong>{{total}}</strong></td></tr>
</table>
<p>Interest continues to accrue until the date payment is made{{#rateProvisional}}; its amount is provisional until the ECB rate for the half-year is known{{/rateProvisional}}.</p>
<p>Failing payment within this period, we will refer the matter to the competent court (référé-provision before the administrative court) without further notice.</p>
<p>Yours faithfully,</p>
<p>{{sender}}</p>
</body>
</html>

"""#,
        "formal-notice.en.md.mustache": #"""
{{% CONTENT_TYPE: TEXT}}
{{sender}}

{{buyerName}}
{{#ordonnateurContact}}For the attention of {{ordonnateurContact}}
{{/ordonnateurContact}}SIRET {{buyerSiret}}
{{#comptableOffice}}Copy: {{comptableOffice}} (comptable public)
{{/comptableOffice}}
Registered letter with acknowledgement of receipt

{{today}}

**Re: formal notice to pay (mise en demeure) — invoice no. {{invoiceNumber}}{{#contractId}}, contract no. {{contractId}}{{/contractId}}**

Dear Sir or Madam,

Despite our reminders, our invoice no. {{invoiceNumber}} for {{amountDue}} remains unpaid. The global payment period (délai global de paiement) of {{delayDays}} days ({{delayArticle}} of the French public procurement code) expired on {{dueDate}}; payment is now {{daysLate}} days late.

Under Article L.2192-13 of the public procurement code, this delay bears late-payment interest by law, at the European Central Bank rate plus eight points (Article R.2192-31), and entitles us to a fixed recovery-cost indemnity of 40 euros (Article D.2192-35).

We hereby give you formal notice to pay us, within {{noticeDays}} days of receipt of this letter:

| | |
|---|---|
| Principal outstanding | {{principal}} |
| Late-payment interest as of {{today}} | {{interest}} |
| Fixed indemnity (D.2192-35) | {{indemnity}} |
| **Total** | **{{total}}** |

Interest continues to accrue until the date payment is made{{#rateProvisional}}; its amount is provisional until the ECB rate for the half-year is known{{/rateProvisional}}.

Failing payment within this period, we will refer the matter to the competent court (référé-provision before the administrative court) without further notice.

Yours faithfully,

{{sender}}

"""#,
        "formal-notice.html.mustache": #"""
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Mise en demeure — facture n° {{invoiceNumber}}</title>
<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.4}.right{text-align:right}td{padding:.2em .8em}td.n{text-align:right}</style></head>
<body>
<p>{{sender}}</p>
<p class="right">{{buyerName}}<br>{{#ordonnateurContact}}À l'attention de {{ordonnateurContact}}<br>{{/ordonnateurContact}}SIRET {{buyerSiret}}{{#comptableOffice}}<br>Copie : {{comptableOffice}} (comptable public){{/comptableOffice}}</p>
<p><em>Lettre recommandée avec accusé de réception</em></p>
<p class="right">Le {{today}}</p>
<p><strong>Objet : mise en demeure de payer — facture n° {{invoiceNumber}}{{#contractId}}, marché n° {{contractId}}{{/contractId}}</strong></p>
<p>Madame, Monsieur,</p>
<p>Malgré nos relances, notre facture n° {{invoiceNumber}} d'un montant de {{amountDue}} reste impayée. Le délai global de paiement de {{delayDays}} jours ({{delayArticle}} du code de la commande publique) a expiré le {{dueDate}} ; le retard est à ce jour de {{daysLate}} jours.</p>
<p>En application de l'article L.2192-13 du code de la commande publique, ce retard fait courir de plein droit des intérêts moratoires, calculés au taux de la Banque centrale européenne majoré de huit points (article R.2192-31), et ouvre droit à une indemnité forfaitaire pour frais de recouvrement de 40 euros (article D.2192-35).</p>
<p>Nous vous mettons en demeure de nous régler, dans un délai de {{noticeDays}} jours à compter de la réception de la présente :</p>
<table>
<tr><td>Principal restant dû</td><td class="n">{{principal}}</td></tr>
<tr><td>Intérêts moratoires au {{today}}</td><td class="n">{{interest}}</td></tr>
<tr><td>Indemnité forfaitaire (D.2192-35)</td><td class="n">{{indemnity}}</td></tr>
<tr><td><strong>Total</strong></td><td class="n"><strong>{{total}}</strong></td></tr>
</table>
<p>Les intérêts continuent de courir jusqu'à la date de mise en paiement{{#rateProvisional}} ; leur montant est provisoire tant que le taux BCE du semestre n'est pas connu{{/rateProvisional}}.</p>
<p>À défaut de règlement dans ce délai, nous saisirons la juridiction compétente (référé-provision devant le tribunal administratif) sans autre avis.</p>
<p>Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.</p>
<p>{{sender}}</p>
</body>
</html>

"""#,
        "formal-notice.md.mustache": #"""
{{% CONTENT_TYPE: TEXT}}
{{sender}}

{{buyerName}}
{{#ordonnateurContact}}À l'attention de {{ordonnateurContact}}
{{/ordonnateurContact}}SIRET {{buyerSiret}}
{{#comptableOffice}}Copie : {{comptableOffice}} (comptable public)
{{/comptableOffice}}
Lettre recommandée avec accusé de réception

Le {{today}}

**Objet : mise en demeure de payer — facture n° {{invoiceNumber}}{{#contractId}}, marché n° {{contractId}}{{/contractId}}**

Madame, Monsieur,

Malgré nos relances, notre facture n° {{invoiceNumber}} d'un montant de {{amountDue}} reste impayée. Le délai global de paiement de {{delayDays}} jours ({{delayArticle}} du code de la commande publique) a expiré le {{dueDate}} ; le retard est à ce jour de {{daysLate}} jours.

En application de l'article L.2192-13 du code de la commande publique, ce retard fait courir de plein droit des intérêts moratoires, calculés au taux de la Banque centrale européenne majoré de huit points (article R.2192-31), et ouvre droit à une indemnité forfaitaire pour frais de recouvrement de 40 euros (article D.2192-35).

Nous vous mettons en demeure de nous régler, dans un délai de {{noticeDays}} jours à compter de la réception de la présente :

| | |
|---|---|
| Principal restant dû | {{principal}} |
| Intérêts moratoires au {{today}} | {{interest}} |
| Indemnité forfaitaire (D.2192-35) | {{indemnity}} |
| **Total** | **{{total}}** |

Les intérêts continuent de courir jusqu'à la date de mise en paiement{{#rateProvisional}} ; leur montant est provisoire tant que le taux BCE du semestre n'est pas connu{{/rateProvisional}}.

À défaut de règlement dans ce délai, nous saisirons la juridiction compétente (référé-provision devant le tribunal administratif) sans autre avis.

Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

{{sender}}

"""#,
        "reminder.en.html.mustache": #"""
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Reminder — invoice no. {{invoiceNumber}}</title>
<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.4}.right{text-align:right}</style></head>
<body>
<p>{{sender}}</p>
<p class="right">{{buyerName}}<br>{{#serviceContact}}For the attention of {{serviceContact}}<br>{{/serviceContact}}SIRET {{buyerSiret}}</p>
<p class="right">{{today}}</p>
<p><strong>Re: reminder — invoice no. {{invoiceNumber}}{{#contractId}}, contract no. {{contractId}}{{/contractId}}</strong></p>
<p>Dear Sir or Madam,</p>
<p>Unless we are mistaken, our invoice no. {{invoiceNumber}} for {{amountDue}} has not yet been paid.
The applicable payment period is {{delayDays}} days ({{delayArticle}} of the French public procurement code, code de la commande publique); the legal due date was {{dueDate}}.</p>
{{#late}}
<p>As of today, payment is {{daysLate}} days late. By law and without any further formality, this delay bears late-payment interest in favour of the contractor (Article L.2192-13), at the European Central Bank rate plus eight points (Article R.2192-31), that is {{interest}} as of {{today}}{{#rateProvisional}} (provisional amount: the ECB rate for the half-year is not yet known){{/rateProvisional}}, together with a fixed recovery-cost indemnity of {{indemnity}} (Article D.2192-35).</p>
{{/late}}
<p>Could you tell us where its processing stands (service fait, mandat, payment) and when payment is expected? If you are missing a document, we will send it to you at once.</p>
<p>Yours faithfully,</p>
<p>{{sender}}</p>
</body>
</html>

"""#,
        "reminder.en.md.mustache": #"""
{{% CONTENT_TYPE: TEXT}}
{{sender}}

{{buyerName}}
{{#serviceContact}}For the attention of {{serviceContact}}
{{/serviceContact}}SIRET {{buyerSiret}}

{{today}}

**Re: reminder — invoice no. {{invoiceNumber}}{{#contractId}}, contract no. {{contractId}}{{/contractId}}**

Dear Sir or Madam,

Unless we are mistaken, our invoice no. {{invoiceNumber}} for {{amountDue}} has not yet been paid.
The applicable payment period is {{delayDays}} days ({{delayArticle}} of the French public procurement code, code de la commande publique); the legal due date was {{dueDate}}.
{{#late}}

As of today, payment is {{daysLate}} days late. By law and without any further formality, this delay bears late-payment interest in favour of the contractor (Article L.2192-13), at the European Central Bank rate plus eight points (Article R.2192-31), that is {{interest}} as of {{today}}{{#rateProvisional}} (provisional amount: the ECB rate for the half-year is not yet known){{/rateProvisional}}, together with a fixed recovery-cost indemnity of {{indemnity}} (Article D.2192-35).
{{/late}}

Could you tell us where its processing stands (service fait, mandat, payment) and when payment is expected? If you are missing a document, we will send it to you at once.

Yours faithfully,

{{sender}}

"""#,
        "reminder.html.mustache": #"""
<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Relance — facture n° {{invoiceNumber}}</title>
<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.4}.right{text-align:right}</style></head>
<body>
<p>{{sender}}</p>
<p class="right">{{buyerName}}<br>{{#serviceContact}}À l'attention de {{serviceContact}}<br>{{/serviceContact}}SIRET {{buyerSiret}}</p>
<p class="right">Le {{today}}</p>
<p><strong>Objet : relance — facture n° {{invoiceNumber}}{{#contractId}}, marché n° {{contractId}}{{/contractId}}</strong></p>
<p>Madame, Monsieur,</p>
<p>Sauf erreur de notre part, notre facture n° {{invoiceNumber}} d'un montant de {{amountDue}} n'a pas encore été réglée.
Le délai de paiement applicable est de {{delayDays}} jours ({{delayArticle}} du code de la commande publique) ; l'échéance légale était le {{dueDate}}.</p>
{{#late}}
<p>À ce jour, le retard est de {{daysLate}} jours. Ce retard fait courir de plein droit, sans autre formalité, des intérêts moratoires au profit du titulaire (article L.2192-13), au taux de la Banque centrale européenne majoré de huit points (article R.2192-31), soit {{interest}} au {{today}}{{#rateProvisional}} (montant provisoire : taux BCE du semestre non encore connu){{/rateProvisional}}, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de {{indemnity}} (article D.2192-35).</p>
{{/late}}
<p>Pourriez-vous nous indiquer où en est son traitement (service fait, mandatement, paiement) et la date de paiement prévue ? Si un document vous manque, nous vous le transmettrons sans délai.</p>
<p>Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.</p>
<p>{{sender}}</p>
</body>
</html>

"""#,
        "reminder.md.mustache": #"""
{{% CONTENT_TYPE: TEXT}}
{{sender}}

{{buyerName}}
{{#serviceContact}}À l'attention de {{serviceContact}}
{{/serviceContact}}SIRET {{buyerSiret}}

Le {{today}}

**Objet : relance — facture n° {{invoiceNumber}}{{#contractId}}, marché n° {{contractId}}{{/contractId}}**

Madame, Monsieur,

Sauf erreur de notre part, notre facture n° {{invoiceNumber}} d'un montant de {{amountDue}} n'a pas encore été réglée.
Le délai de paiement applicable est de {{delayDays}} jours ({{delayArticle}} du code de la commande publique) ; l'échéance légale était le {{dueDate}}.
{{#late}}

À ce jour, le retard est de {{daysLate}} jours. Ce retard fait courir de plein droit, sans autre formalité, des intérêts moratoires au profit du titulaire (article L.2192-13), au taux de la Banque centrale européenne majoré de huit points (article R.2192-31), soit {{interest}} au {{today}}{{#rateProvisional}} (montant provisoire : taux BCE du semestre non encore connu){{/rateProvisional}}, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de {{indemnity}} (article D.2192-35).
{{/late}}

Pourriez-vous nous indiquer où en est son traitement (service fait, mandatement, paiement) et la date de paiement prévue ? Si un document vous manque, nous vous le transmettrons sans délai.

Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

{{sender}}

"""#,
    ]
}
