/**
 * Escaping for the HTML reports. Everything that can come from the target
 * (error messages, dumps, server stats, config values, user IDs) goes
 * through one of these two functions before it reaches the page.
 */

const htmlEntities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text for an HTML text node or a quoted attribute value: `& < > " '`
 * become entities, so no markup can be opened or an attribute closed.
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

/**
 * A value as JSON for a `<script type="application/json">` element. `<`,
 * `>`, `&` and the line separators U+2028/U+2029 are written as `\uXXXX`
 * escapes, so no string inside can close the script element (`</script>`)
 * or open a comment (`<!--`) that changes how the HTML parser ends it;
 * `JSON.parse` of the element's text gives back the exact value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Library source for an inline `<script>` or `<style>` element. Vendored
 * code is not target-controlled, but a `</script` or `</style` inside it
 * would still end the element early: refuse rather than ship a broken page.
 * @throws Error when the text holds the element's end tag.
 */
export function inlineAsset(text: string, element: 'script' | 'style'): string {
  if (new RegExp(`</${element}`, 'i').test(text)) throw new Error(`cannot inline: the ${element} text holds </${element}`);
  return text;
}
