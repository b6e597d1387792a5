// The page as one self-contained HTML document: style, data and script inline, nothing fetched.
// The trees are embedded once, as JSON, and the script renders them a page at a time.
import { embeddedJson, escapeHtml } from './html-text.js';
import type { PageModel } from './page-model.js';
import { pageScript } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

export function treesHtml(model: PageModel): string {
  const title = escapeHtml(`murphy trees: ${model.title}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${title}</h1>
<div class="controls">
<label>step <select id="step"><option value="">all</option></select></label>
<label>problem <input id="problem" list="problems" placeholder="any" size="24"></label>
<datalist id="problems"></datalist>
<label>outcome <select id="outcome"><option value="">all</option></select></label>
<span id="count"></span>
</div>
<div id="step-summary"></div>
</header>
<main>
<nav class="pages"><button id="prev" type="button">← previous</button><span id="page"></span><button id="next" type="button">next →</button></nav>
<div id="trees"></div>
</main>
<script type="application/json" id="murphy-trees-data">${embeddedJson(model)}</script>
<script>${pageScript()}</script>
</body>
</html>
`;
}
