/**
 * Strings that came from a file or the network, made safe to print: control
 * characters are removed before anything reaches a terminal (issue #17.7). A
 * crafted report's `scenario`, a server's error message or a goroutine dump
 * could otherwise carry escape sequences that recolour, move the cursor,
 * rewrite earlier lines or set the window title.
 *
 * Tab and line feed are kept (dumps and multi-line messages need them); every
 * other C0 control (ESC, CR, BEL, BS, …), DEL, every C1 control (including
 * the one-byte CSI, U+009B) and the Unicode bidirectional overrides (which
 * reorder what is shown) are removed.
 *
 * @module
 */

const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `s` without the characters that act on a terminal (see the module comment). */
export function printable(s: string): string {
  return s.replace(unsafe, '');
}

/** A `JSON.parse` reviver applying {@link printable} to every string (keys are not revived: they are checked by shape). */
export function printableReviver(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? printable(value) : value;
}
