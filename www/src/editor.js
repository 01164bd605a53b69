// CodeMirror 6 editors for policy text: JSON highlighting in colours taken from CSS variables (so the
// light and dark themes restyle them), lint markers for diagnostics, and marks on the statements that
// decided the request. Tab is left to the browser (no indentWithTab) so keyboard users can move on.

import { basicSetup } from 'codemirror';
import { EditorView, Decoration, placeholder } from '@codemirror/view';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import { json } from '@codemirror/lang-json';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--tok-prop)' },
  { tag: tags.string, color: 'var(--tok-string)' },
  { tag: tags.number, color: 'var(--tok-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--tok-keyword)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--tok-punct)' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--editor-bg)', color: 'var(--fg)', fontSize: '13px' },
  '.cm-content': { caretColor: 'var(--fg)', fontFamily: 'var(--mono)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active)' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--editor-selection)' },
  '.cm-deciding': { backgroundColor: 'var(--deciding-bg)' },
  '.cm-deciding-line': { boxShadow: 'inset 3px 0 0 var(--deciding-edge)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--fg)' },
});

const setDeciding = StateEffect.define();

// Ranges of the deciding statements, each a mark plus a coloured edge on its lines.
const decidingField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setDeciding)) deco = e.value;
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Offset of a 1-based line / UTF-16 column in a document (CodeMirror counts UTF-16 units too). */
export function offsetOf(doc, pos) {
  if (!pos || typeof pos.line !== 'number') return null;
  const line = Math.min(Math.max(1, pos.line), doc.lines);
  const l = doc.line(line);
  const col = Math.min(Math.max(1, pos.column || 1), l.length + 1);
  return l.from + col - 1;
}

export function rangeOffsets(doc, range) {
  if (!range) return null;
  const from = offsetOf(doc, range.start);
  let to = offsetOf(doc, range.end);
  if (from === null) return null;
  if (to === null || to < from) to = from;
  return { from, to };
}

/**
 * A policy editor in `parent`; `onChange(text)` runs on every edit; `hint` shows while it is empty;
 * `extensions`: more CodeMirror extensions (completion and hover from the service data).
 */
export function createEditor(parent, text, onChange, label, hint, extensions = []) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        json(),
        syntaxHighlighting(highlight),
        lintGutter(),
        theme,
        decidingField,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        hint ? placeholder(hint) : [],
        extensions,
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  return view;
}

/** Puts the engine's diagnostics on the editor as lint markers at their exact ranges. */
export function showDiagnostics(view, diagnostics) {
  const doc = view.state.doc;
  const list = [];
  for (const d of diagnostics) {
    const r = rangeOffsets(doc, d.range) || { from: 0, to: Math.min(1, doc.length) };
    list.push({ from: r.from, to: r.to, severity: d.severity === 'info' ? 'info' : d.severity, source: d.code, message: d.message });
  }
  view.dispatch(setDiagnostics(view.state, list));
}

/** Marks the deciding statements' ranges. */
export function showDeciding(view, ranges) {
  const doc = view.state.doc;
  const marks = [];
  for (const range of ranges) {
    const r = rangeOffsets(doc, range);
    if (!r || r.to <= r.from) continue;
    marks.push(Decoration.mark({ class: 'cm-deciding' }).range(r.from, r.to));
    for (let line = doc.lineAt(r.from).number; line <= doc.lineAt(r.to).number; line++) {
      marks.push(Decoration.line({ class: 'cm-deciding-line' }).range(doc.line(line).from));
    }
  }
  view.dispatch({ effects: setDeciding.of(Decoration.set(marks, true)) });
}

/** Moves the cursor to a range's start, scrolls it into view and focuses the editor. */
export function jumpTo(view, range) {
  const r = rangeOffsets(view.state.doc, range) || { from: 0, to: 0 };
  // The cursor goes to the start; the range itself is already marked (showDeciding / lint markers).
  view.dispatch({ selection: { anchor: r.from }, effects: EditorView.scrollIntoView(r.from, { y: 'center' }) });
  view.dom.scrollIntoView({ block: 'nearest' });
  view.focus();
}

export function setText(view, text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
