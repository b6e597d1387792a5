// The page's stylesheet, inline (the page must open with no network): system fonts only.
export const PAGE_STYLE = `
:root { --ok: #1a7f37; --bad: #b42318; --mid: #9a6700; --line: #d0d7de; --muted: #57606a; --pruned: #f3f4f6; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
h1 { font-size: 18px; margin: 0 0 8px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.controls label { color: var(--muted); }
.controls select, .controls input { font: inherit; padding: 2px 6px; }
#count { font-weight: 600; }
#step-summary { color: var(--muted); margin-top: 6px; min-height: 1.4em; }
main { padding: 12px 20px; }
.tree { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 16px; padding: 10px 12px; }
.tree-head { display: flex; flex-wrap: wrap; gap: 10px; align-items: baseline; margin-bottom: 6px; }
.tree-head .problem { font-weight: 600; }
.outcome { border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; }
.outcome.first-turn { background: var(--ok); }
.outcome.after-feedback { background: var(--mid); }
.outcome.never { background: var(--bad); }
.question summary { color: var(--muted); cursor: pointer; }
.group { display: flex; flex-direction: column; gap: 8px; }
.branch { display: flex; gap: 8px; align-items: flex-start; }
.branch > .group { padding-left: 8px; border-left: 2px solid var(--line); }
.node { width: 30em; flex: none; border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; background: #fff; }
.node.solved { border-color: var(--ok); box-shadow: inset 3px 0 0 var(--ok); }
.node.pruned, .node.pruned-with-parent { background: var(--pruned); border-style: dashed; color: var(--muted); }
.node-head { display: flex; flex-wrap: wrap; gap: 4px 10px; font-size: 12px; }
.node-head .id { font-weight: 600; font-family: ui-monospace, monospace; }
.badge { border-radius: 4px; padding: 0 5px; font-size: 11px; font-weight: 600; }
.badge.pruned { background: var(--bad); color: #fff; }
.badge.pruned-with-parent { background: #d0d7de; color: #1f2328; }
.badge.kept { background: #dafbe1; color: var(--ok); }
pre { margin: 4px 0 0; padding: 4px 6px; background: #f6f8fa; border-radius: 4px; font: 12px/1.35 ui-monospace, monospace;
  white-space: pre-wrap; word-break: break-word; max-height: 14em; overflow: auto; }
pre.feedback { background: #fff8c5; }
.feedback-label { font-size: 11px; color: var(--muted); margin-top: 4px; }
nav.pages { display: flex; gap: 10px; align-items: center; margin: 8px 0 16px; }
.empty { color: var(--muted); padding: 20px; }
`;
