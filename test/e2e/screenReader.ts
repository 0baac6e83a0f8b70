// What a screen reader is told about an element: Chromium's accessibility tree (DevTools protocol), which is what
// the platform accessibility APIs expose. Works for a frame in its own process (a webview) and for one in the page's.
import type { CDPSession, Frame } from 'playwright-core';

export interface AccessibleNode {
  readonly role: string;
  readonly name: string;
  readonly description: string;
  readonly invalid: boolean;
  /** aria-live of a live region ('polite', 'assertive'), else ''. */
  readonly live: string;
}

interface AXValue {
  readonly value?: unknown;
}

interface AXNode {
  readonly role?: AXValue;
  readonly name?: AXValue;
  readonly description?: AXValue;
  readonly properties?: readonly { readonly name: string; readonly value: AXValue }[];
}

interface DOMNode {
  readonly nodeName: string;
  readonly backendNodeId: number;
  /** name, value, name, value… */
  readonly attributes?: readonly string[];
  readonly children?: readonly DOMNode[];
  readonly contentDocument?: DOMNode;
  readonly shadowRoots?: readonly DOMNode[];
}

function findNode(node: DOMNode, matches: (candidate: DOMNode) => boolean): DOMNode | undefined {
  if (matches(node)) {
    return node;
  }
  for (const child of [...(node.children ?? []), ...(node.contentDocument ? [node.contentDocument] : []), ...(node.shadowRoots ?? [])]) {
    const found = findNode(child, matches);
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** A DevTools session that sees `frame`: its own when it runs in another process, else the page's. */
async function sessionFor(frame: Frame): Promise<CDPSession> {
  const context = frame.page().context();
  return context.newCDPSession(frame).catch(() => context.newCDPSession(frame.page()));
}

/**
 * The accessibility node of the element that `expression` (JavaScript run in the frame's document) evaluates to,
 * e.g. `document.querySelector('#justification').shadowRoot.querySelector('textarea')`.
 */
export async function accessibleNode(frame: Frame, expression: string): Promise<AccessibleNode> {
  const session = await sessionFor(frame);
  try {
    // Find the frame's document in the session's DOM by a mark, then evaluate there.
    const mark = `pim-accessibility-${Date.now()}-${Math.random()}`;
    await frame.evaluate((value) => document.documentElement.setAttribute('data-pim-accessibility', value), mark);
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DOMNode };
    const html = findNode(root, (node) => node.nodeName === 'HTML' && (node.attributes ?? []).includes(mark));
    if (!html) {
      throw new Error(`The frame ${frame.url()} is not in the DevTools session's DOM.`);
    }
    const { object } = await session.send('DOM.resolveNode', { backendNodeId: html.backendNodeId });
    const { result } = await session.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: `function () { return (${expression}); }` });
    if (!result.objectId) {
      throw new Error(`${expression} is not an element (${result.type}).`);
    }
    const { nodes } = (await session.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false })) as { nodes: AXNode[] };
    const node = nodes[0];
    const text = (value: AXValue | undefined): string => (typeof value?.value === 'string' ? value.value : '');
    const property = (name: string): AXValue | undefined => node?.properties?.find((candidate) => candidate.name === name)?.value;
    return {
      role: text(node?.role),
      name: text(node?.name),
      description: text(node?.description),
      invalid: (property('invalid')?.value ?? 'false') !== 'false',
      live: text(property('live')),
    };
  } finally {
    await session.detach();
  }
}
