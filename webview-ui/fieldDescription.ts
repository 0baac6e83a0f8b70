// Ties a field's help and error text to the element a screen reader is on. The @vscode-elements components hand
// focus to an input inside their shadow root, which an id reference from the page (aria-describedby) cannot reach;
// ARIA element reflection can: an element inside a shadow root may point at elements of the document around it.

type Host = HTMLElement & { readonly updateComplete?: Promise<unknown> };

/** The element that takes focus: the input inside a component's shadow root, or the element itself. */
function focusTarget(host: Host): HTMLElement {
  return host.shadowRoot?.querySelector<HTMLElement>('input, textarea, [role="combobox"]') ?? host;
}

/**
 * Describes `host`'s focus target by the shown nodes among `descriptions` (hidden or empty ones are left out, so
 * nothing stale is read), and marks it invalid or not.
 */
export async function describeField(host: Host, descriptions: readonly HTMLElement[], invalid: boolean): Promise<void> {
  await host.updateComplete; // the shadow content exists once the component has rendered
  const target = focusTarget(host);
  const shown = descriptions.filter((node) => !node.hidden && (node.textContent ?? '').trim() !== '');
  target.ariaDescribedByElements = shown.length > 0 ? shown : null;
  target.ariaInvalid = invalid ? 'true' : null;
}
