// The page's script, inline: filters and pages over the embedded trees and builds only the visible
// page's elements (a run of thousands of trees stays quick). Every text from the records goes in as
// textContent, never as markup: program code is model output.
import { OUTCOME_LABELS } from './outcome.js';
import { paginate } from './pagination.js';
import { embeddedJson } from './html-text.js';

/** Trees per page: a page of big trees stays a few thousand elements. */
export const TREES_PER_PAGE = 50;

const SCRIPT_BODY = String.raw`
var data = JSON.parse(document.getElementById('murphy-trees-data').textContent);
var byId = function (id) { return document.getElementById(id); };
var state = { step: '', problem: '', outcome: '', page: 1 };

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
function figure(x) { return x === null ? '—' : (x > 0 ? '+' : '') + x.toFixed(2); }
function plain(x) { return x === null ? '—' : x.toFixed(2); }

function nodeBox(node, hasChildren) {
  var solved = node.total > 0 && node.passed === node.total;
  var box = el('div', 'node ' + node.state + (solved ? ' solved' : ''));
  box.dataset.nodeId = node.id;
  var head = el('div', 'node-head');
  head.appendChild(el('span', 'id', node.id));
  head.appendChild(el('span', '', 'turn ' + node.turn));
  head.appendChild(el('span', 'reward', 'reward ' + plain(node.reward) + ' (' + node.passed + '/' + node.total + ' tests)'));
  head.appendChild(el('span', 'credit', 'credit ' + plain(node.credited)));
  head.appendChild(el('span', 'advantage', 'advantage ' + figure(node.advantage)));
  var badge = { kept: 'kept', pruned: 'pruned', 'pruned-with-parent': 'pruned with its parent' }[node.state];
  head.appendChild(el('span', 'badge ' + node.state, badge));
  if (node.finishReason) head.appendChild(el('span', '', 'finish ' + node.finishReason));
  box.appendChild(head);
  box.appendChild(el('pre', 'code', node.code));
  box.appendChild(el('div', 'feedback-label', hasChildren ? 'feedback the next turn saw' : 'test feedback'));
  box.appendChild(el('pre', 'feedback', node.feedback));
  return box;
}

function group(nodes, childrenOf) {
  var list = el('div', 'group');
  nodes.forEach(function (node) {
    var children = childrenOf[node.id] || [];
    var branch = el('div', 'branch');
    branch.appendChild(nodeBox(node, children.length > 0));
    if (children.length > 0) branch.appendChild(group(children, childrenOf));
    list.appendChild(branch);
  });
  return list;
}

function treeCard(tree) {
  var card = el('article', 'tree');
  card.dataset.tree = tree.tree;
  card.dataset.outcome = tree.outcome;
  var head = el('div', 'tree-head');
  head.appendChild(el('span', 'problem', tree.problem));
  head.appendChild(el('span', '', 'step ' + tree.step + ' · tree ' + tree.tree));
  head.appendChild(el('span', 'outcome ' + tree.outcome, OUTCOME_LABELS[tree.outcome]));
  card.appendChild(head);
  if (tree.question) {
    var question = el('details', 'question');
    question.appendChild(el('summary', '', 'task'));
    question.appendChild(el('pre', '', tree.question));
    card.appendChild(question);
  }
  var childrenOf = {};
  var roots = [];
  tree.nodes.forEach(function (node) {
    if (node.parent === null) roots.push(node);
    else (childrenOf[node.parent] = childrenOf[node.parent] || []).push(node);
  });
  card.appendChild(group(roots, childrenOf));
  return card;
}

function shown(tree) {
  return (state.step === '' || String(tree.step) === state.step)
    && (state.problem === '' || tree.problem.toLowerCase().indexOf(state.problem.toLowerCase()) >= 0)
    && (state.outcome === '' || tree.outcome === state.outcome);
}

function render() {
  var trees = data.trees.filter(shown);
  var slice = paginate(trees.length, state.page, TREES_PER_PAGE);
  state.page = slice.page;
  byId('count').textContent = trees.length === 0 ? 'no trees match'
    : 'showing ' + (slice.start + 1) + '–' + slice.end + ' of ' + trees.length + ' trees';
  byId('page').textContent = 'page ' + slice.page + ' of ' + slice.pages;
  byId('prev').disabled = slice.page <= 1;
  byId('next').disabled = slice.page >= slice.pages;
  var step = data.steps.filter(function (s) { return String(s.step) === state.step; })[0];
  byId('step-summary').textContent = step ? 'step ' + step.step + (step.summary ? ': ' + step.summary : '') : '';
  var list = byId('trees');
  list.replaceChildren();
  trees.slice(slice.start, slice.end).forEach(function (tree) { list.appendChild(treeCard(tree)); });
  if (trees.length === 0) list.appendChild(el('p', 'empty', 'No tree matches these filters.'));
}

function option(select, value, text) {
  var item = el('option', '', text);
  item.value = value;
  select.appendChild(item);
}

function setUp() {
  data.steps.forEach(function (s) { option(byId('step'), String(s.step), 'step ' + s.step); });
  Object.keys(OUTCOME_LABELS).forEach(function (key) { option(byId('outcome'), key, OUTCOME_LABELS[key]); });
  data.problems.forEach(function (p) { option(byId('problems'), p, p); });
  byId('step').addEventListener('change', function (e) { state.step = e.target.value; state.page = 1; render(); });
  byId('outcome').addEventListener('change', function (e) { state.outcome = e.target.value; state.page = 1; render(); });
  byId('problem').addEventListener('input', function (e) { state.problem = e.target.value.trim(); state.page = 1; render(); });
  byId('prev').addEventListener('click', function () { state.page -= 1; render(); window.scrollTo(0, 0); });
  byId('next').addEventListener('click', function () { state.page += 1; render(); window.scrollTo(0, 0); });
  render();
}
setUp();
`;

/** The script: constants, the shared paging function (its compiled source) and the body above. */
export function pageScript(): string {
  return [
    '(function () {',
    "'use strict';",
    `var TREES_PER_PAGE = ${TREES_PER_PAGE};`,
    `var OUTCOME_LABELS = ${embeddedJson(OUTCOME_LABELS)};`,
    `var paginate = ${paginate.toString()};`,
    SCRIPT_BODY,
    '})();',
  ].join('\n');
}
