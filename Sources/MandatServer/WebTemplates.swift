/// The dashboard's Mustache templates, embedded so the binary needs no resource files.
///
/// `{{x}}` escapes HTML (the default, relied on for every value that comes from data or a request); `{{{x}}}` is
/// used only for HTML the server built itself (the page body, SVG charts whose labels were escaped by `HTML.escape`).
enum WebTemplates {
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>{{title}} — Mandat</title>
        <style>
        body{font-family:system-ui,Arial,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f4}
        header{background:#1d3557;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none} header a:hover{text-decoration:underline}
        header .brand{font-weight:bold;margin-right:1rem} header form{margin-left:auto}
        main{padding:1rem;max-width:1200px}
        table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1rem}
        th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;font-size:.9rem;vertical-align:top}
        th{background:#eef1f5} td.num,th.num{text-align:right;white-space:nowrap}
        .blocked{color:#b00020;font-weight:bold} td.blocked{min-width:14rem} .muted{color:#666} .err{color:#b00020}
        fieldset{border:1px solid #ccc;background:#fff;margin:.5rem 0} label{margin-right:.7rem}
        .cards{display:flex;gap:1rem;flex-wrap:wrap} .card{background:#fff;border:1px solid #ddd;padding:.5rem 1rem}
        svg{background:#fff;border:1px solid #ddd}
        </style>
        </head>
        <body>
        <header>
        <span class="brand">Mandat</span>
        {{#user}}
        <a href="/{{langQ}}">{{nBoard}}</a>
        <a href="/contracts{{langQ}}">{{nContracts}}</a>
        <a href="/buyers{{langQ}}">{{nBuyers}}</a>
        <a href="/agenda{{langQ}}">{{nAgenda}}</a>
        <a href="/digest{{langQ}}">{{nDigest}}</a>
        {{#isAdmin}}<a href="/accounts{{langQ}}">{{nAccounts}}</a>{{/isAdmin}}
        <a href="{{otherLangHref}}">{{otherLang}}</a>
        <form method="post" action="/logout"><input type="hidden" name="csrf" value="{{csrf}}">
        <span>{{name}} ({{role}})</span> <button type="submit">{{nLogout}}</button></form>
        {{/user}}
        </header>
        <main>
        <h1>{{title}}</h1>
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let login = """
        {{#error}}<p class="err" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="next" value="{{next}}">
        <p><label>{{lName}} <input name="name" autocomplete="username" required></label></p>
        <p><label>{{lPassword}} <input name="password" type="password" autocomplete="current-password" required></label></p>
        <p><button type="submit">{{lSubmit}}</button></p>
        </form>
        """

    static let board = """
        <form method="get" action="/">
        <fieldset><legend>{{lFilters}}</legend>
        <label><input type="checkbox" name="blocked" value="1" {{#blocked}}checked{{/blocked}}> {{lBlocked}}</label>
        <label>{{lBuyer}} <input name="buyer" value="{{buyer}}" size="14" placeholder="SIRET"></label>
        <label>{{lContract}} <input name="contract" value="{{contract}}" size="14"></label>
        <label>{{lHolder}} <select name="holder"><option value="">—</option>
        {{#holders}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/holders}}
        </select></label>
        <label>{{lAsOf}} <input name="as_of" type="date" value="{{asOf}}"></label>
        <label>{{lSort}} <select name="sort">
        {{#sorts}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/sorts}}
        </select></label>
        {{#langEn}}<input type="hidden" name="lang" value="en">{{/langEn}}
        <button type="submit">{{lApply}}</button>
        </fieldset>
        </form>
        <div class="cards">
        <div class="card"><h2>{{lByHolder}}</h2>{{{chartHolder}}}</div>
        <div class="card"><h2>{{lByLate}}</h2>{{{chartLate}}}</div>
        </div>
        <p>{{summary}}</p>
        <table>
        <thead><tr><th>{{cInvoice}}</th><th>{{cBuyer}}</th><th>{{cContract}}</th><th>{{cStage}}</th><th>{{cHolder}}</th>
        <th class="num">{{cDays}}</th><th class="num">{{cDue}}</th><th class="num">{{cLate}}</th><th class="num">{{cAmount}}</th>
        <th class="num">{{cStake}}</th><th>{{cFindings}}</th></tr></thead>
        <tbody>
        {{#rows}}<tr><td><a href="/dossiers/{{href}}{{langQ}}">{{invoice}}</a></td><td>{{buyer}}</td><td>{{contract}}</td>
        <td>{{stage}}</td><td>{{holder}}</td><td class="num">{{days}}</td><td class="num">{{due}}</td><td class="num">{{late}}</td>
        <td class="num">{{amount}}</td><td class="num">{{stake}}</td><td class="blocked">{{findings}}</td></tr>
        {{/rows}}
        {{^rows}}<tr><td colspan="11" class="muted">{{none}}</td></tr>{{/rows}}
        </tbody></table>
        <p>{{#prev}}<a href="{{prev}}" rel="prev">← {{lPrev}}</a>{{/prev}} {{pageInfo}} {{#next}}<a href="{{next}}" rel="next">{{lNext}} →</a>{{/next}}</p>
        """

    static let dossier = """
        <div class="cards">
        <div class="card">
        <p>{{lBuyer}} : <strong>{{buyer}}</strong> {{#siret}}<span class="muted">({{siret}})</span>{{/siret}}</p>
        <p>{{lContract}} : {{contract}}</p>
        <p>{{lStage}} : <strong>{{stage}}</strong> — {{lHolder}} : <strong>{{holder}}</strong> {{#since}}{{lSince}} {{since}}{{/since}} {{#days}}({{days}}){{/days}}</p>
        <p>{{lAmount}} : {{amount}} — {{lDue}} : {{due}} — {{late}}</p>
        {{#paid}}<p>{{lPaid}} : {{paid}}</p>{{/paid}}
        <p>{{lInterest}} : {{interest}} + {{lIndemnity}} {{indemnity}} {{#interestDueBy}}— {{lDueBy}} {{interestDueBy}}{{/interestDueBy}} {{#provisional}}<em>({{provisional}})</em>{{/provisional}}</p>
        <p>{{lStake}} : <strong>{{stake}}</strong></p>
        {{#estimate}}<p class="muted">{{estimate}}</p>{{/estimate}}
        </div>
        <div class="card">
        <h2>{{lClock}}</h2>
        <p>{{clockLine}}</p>
        <table><thead><tr><th>{{cSide}}</th><th class="num">{{cAllowed}}</th><th class="num">{{cUsed}}</th><th class="num">{{cOver}}</th></tr></thead><tbody>
        {{#shares}}<tr><td>{{side}}</td><td class="num">{{allowed}}</td><td class="num">{{used}}</td><td class="num {{#isOver}}blocked{{/isOver}}">{{over}}</td></tr>{{/shares}}
        </tbody></table>
        {{#clockNotes}}<p class="muted">{{.}}</p>{{/clockNotes}}
        </div>
        </div>
        <h2>{{lChain}}</h2>
        {{{lanes}}}
        <table><thead><tr><th>{{cDate}}</th><th>{{cLane}}</th><th>{{cEvent}}</th><th>{{cEvidence}}</th></tr></thead><tbody>
        {{#chain}}<tr><td>{{date}}</td><td>{{lane}}</td><td>{{label}}</td><td class="muted">{{evidence}}</td></tr>{{/chain}}
        </tbody></table>
        <h2>{{lFindings}}</h2>
        {{#findings}}<div class="card"><p class="blocked">{{title}} <span class="muted">[{{code}}]</span></p>
        <p>{{lHolder}} : {{holder}} {{#since}}— {{lSince}} {{since}}{{/since}} {{#over}}— {{over}}{{/over}} — {{lStake}} {{stake}}</p>
        {{#detail}}<p>{{detail}}</p>{{/detail}}
        <p>{{lAction}} : {{action}} — {{lContact}} : {{contact}}</p>
        <ul>{{#evidence}}<li class="muted">{{.}}</li>{{/evidence}}</ul></div>
        {{/findings}}
        {{^findings}}<p class="muted">{{none}}</p>{{/findings}}
        <h2>{{lLog}}</h2>
        <table><thead><tr><th>{{cDate}}</th><th>{{cKind}}</th><th>{{cContact}}</th><th>{{cText}}</th><th>{{cAuthor}}</th></tr></thead><tbody>
        {{#log}}<tr><td>{{date}}</td><td>{{kind}}</td><td>{{contact}}</td><td>{{text}}</td><td>{{author}}</td></tr>{{/log}}
        {{^log}}<tr><td colspan="5" class="muted">{{none}}</td></tr>{{/log}}
        </tbody></table>
        <h2>{{lPromises}}</h2>
        <table><thead><tr><th>{{cMadeOn}}</th><th>{{cBy}}</th><th>{{cSide}}</th><th>{{cWhat}}</th><th>{{cContact}}</th><th>{{cNote}}</th></tr></thead><tbody>
        {{#promises}}<tr><td>{{madeOn}}</td><td>{{by}}</td><td>{{side}}</td><td>{{what}}</td><td>{{contact}}</td><td>{{note}}</td></tr>{{/promises}}
        {{^promises}}<tr><td colspan="6" class="muted">{{none}}</td></tr>{{/promises}}
        </tbody></table>
        {{#canWrite}}
        <div class="cards">
        <form method="post" action="/dossiers/{{href}}/log{{langQ}}" class="card"><h3>{{lAddLog}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label>{{cDate}} <input type="date" name="date" value="{{today}}" required></label>
        <label>{{cKind}} <select name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select></label></p>
        <p><label>{{cContact}} <input name="contact"></label></p>
        <p><label>{{cText}} <textarea name="text" rows="3" cols="40" required></textarea></label></p>
        <button type="submit">{{lSave}}</button></form>
        <form method="post" action="/dossiers/{{href}}/promises{{langQ}}" class="card"><h3>{{lAddPromise}}</h3>
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label>{{cMadeOn}} <input type="date" name="made_on" value="{{today}}" required></label>
        <label>{{cBy}} <input type="date" name="by" required></label></p>
        <p><label>{{cSide}} <select name="side"><option value="ordonnateur">ordonnateur</option><option value="comptable">comptable</option></select></label>
        <label>{{cWhat}} <select name="what">{{#whats}}<option value="{{value}}">{{label}}</option>{{/whats}}</select></label></p>
        <p><label>{{cContact}} <input name="contact"></label> <label>{{cNote}} <input name="note"></label></p>
        <button type="submit">{{lSave}}</button></form>
        </div>
        {{/canWrite}}
        """

    /// A generic table page: `columns` (with `num`), `rows` of `cells` (with `num`, optional `href`).
    static let table = """
        {{#intro}}<p>{{intro}}</p>{{/intro}}
        <table><thead><tr>{{#columns}}<th {{#num}}class="num"{{/num}}>{{label}}</th>{{/columns}}</tr></thead><tbody>
        {{#rows}}<tr>{{#cells}}<td {{#num}}class="num"{{/num}}>{{#href}}<a href="{{href}}">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}</td>{{/cells}}</tr>
        {{/rows}}
        {{^rows}}<tr><td class="muted">{{none}}</td></tr>{{/rows}}
        </tbody></table>
        {{#pageInfo}}<p>{{#prev}}<a href="{{prev}}" rel="prev">←</a>{{/prev}} {{pageInfo}} {{#next}}<a href="{{next}}" rel="next">→</a>{{/next}}</p>{{/pageInfo}}
        """

    static let error = """
        <p class="err">{{message}}</p>
        <p class="muted">{{status}} {{code}}</p>
        <p><a href="/">{{back}}</a></p>
        """
}
