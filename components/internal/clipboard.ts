/**
 * Writes text to the system clipboard when the page may (a secure context, a focused
 * document, a granted permission). Never throws: copying is a convenience, and the element
 * that copies has already announced the text through its `alv-copy` event.
 */
export async function writeClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
