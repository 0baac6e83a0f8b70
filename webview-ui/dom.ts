// Tiny DOM helpers. Text always goes in through textContent: API-provided strings are never HTML.

type Attributes = Readonly<Record<string, string | boolean | undefined>>;

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      node.setAttribute(name, '');
    } else if (typeof value === 'string') {
      node.setAttribute(name, value);
    }
  }
  node.append(...children); // strings become Text nodes, never markup
  return node;
}

export function setText(node: Element, text: string): void {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}

/**
 * A translated template with {0}, {1}… filled with nodes, for text that mixes words and styled parts
 * ("{0} on {1} ({2})"): the words around the placeholders come from the translation, the parts stay nodes.
 * A placeholder without a part stays as written; text never becomes markup.
 */
export function fillTemplate(template: string, ...parts: (Node | string)[]): (Node | string)[] {
  return template.split(/(\{\d+\})/).flatMap((piece): (Node | string)[] => {
    const index = /^\{(\d+)\}$/.exec(piece)?.[1];
    if (index === undefined) {
      return piece === '' ? [] : [piece];
    }
    const part = parts[Number(index)];
    return part === undefined ? [piece] : [part];
  });
}
