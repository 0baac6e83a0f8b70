// The form's elements, built once (form.ts updates them in place so focus and typed text are never lost): the role
// list, duration, justification, ticket and start fields, the summary, the buttons and the live status region.
import * as l10n from '@vscode/l10n';
import { PROTOCOL_LIMITS as LIMITS, type ValidationField } from '../src/shared/protocol';
import { element } from './dom';

export type TextField = HTMLElementTagNameMap['vscode-textfield'];
export type TextArea = HTMLElementTagNameMap['vscode-textarea'];
export type Select = HTMLElementTagNameMap['vscode-single-select'];
export type Checkbox = HTMLElementTagNameMap['vscode-checkbox'];
export type Radio = HTMLElementTagNameMap['vscode-radio'];
export type Button = HTMLElementTagNameMap['vscode-button'];

export interface Controls {
  readonly content: HTMLElement;
  readonly loading: HTMLElement | null;
  readonly roles: HTMLElement;
  readonly duration: Select;
  readonly durationHelp: HTMLElement;
  readonly recentGroup: HTMLElement;
  readonly recent: Select;
  readonly justificationLabel: HTMLElement;
  readonly justification: TextArea;
  readonly patternHint: HTMLElement;
  readonly ticketFields: HTMLElement;
  readonly ticketNumber: TextField;
  readonly ticketSystem: TextField;
  readonly startNow: Radio;
  readonly startLater: Radio;
  readonly startAt: TextField;
  readonly summaryList: HTMLElement;
  readonly activate: Button;
  readonly cancel: Button;
  readonly status: HTMLElement;
  readonly errors: Readonly<Record<ValidationField, HTMLElement>>;
}

export function buildControls(root: HTMLElement): Controls {
  const errors = {} as Record<ValidationField, HTMLElement>;
  const errorFor = (field: ValidationField): HTMLElement => {
    const node = element('p', { id: `${field}Error`, class: 'field-error', hidden: true });
    errors[field] = node;
    return node;
  };

  const roles = element('div', { id: 'roles', role: 'group', 'aria-labelledby': 'rolesHeading' });

  const duration = element('vscode-single-select', { id: 'duration', name: 'duration' });
  const durationHelp = element('vscode-form-helper', { id: 'durationHelp' });

  const recent = element('vscode-single-select', { id: 'recentJustifications' });
  const recentGroup = element(
    'vscode-form-group',
    { variant: 'vertical', id: 'recentGroup', hidden: true },
    element('vscode-label', { for: 'recentJustifications' }, l10n.t('Reuse a recent justification')),
    recent,
  );

  const justification = element('vscode-textarea', { id: 'justification', name: 'justification', rows: '3', resize: 'vertical' });
  justification.maxLength = LIMITS.maxJustificationLength;
  const justificationLabel = element('vscode-label', { for: 'justification' }, l10n.t('Justification'));
  const patternHint = element('vscode-form-helper', { id: 'justificationHint', hidden: true });

  const ticketNumber = element('vscode-textfield', { id: 'ticketNumber', name: 'ticketNumber' });
  const ticketSystem = element('vscode-textfield', { id: 'ticketSystem', name: 'ticketSystem' });
  ticketNumber.maxLength = LIMITS.maxTicketLength;
  ticketSystem.maxLength = LIMITS.maxTicketLength;
  const ticketFields = element(
    'div',
    { id: 'ticketFields', class: 'ticket-fields', hidden: true },
    element(
      'vscode-form-group',
      { variant: 'vertical' },
      element('vscode-label', { for: 'ticketNumber', required: true }, l10n.t('Ticket number')),
      ticketNumber,
      errorFor('ticketNumber'),
    ),
    element(
      'vscode-form-group',
      { variant: 'vertical' },
      element('vscode-label', { for: 'ticketSystem', required: true }, l10n.t('Ticket system')),
      ticketSystem,
      errorFor('ticketSystem'),
    ),
  );

  const startNow = element('vscode-radio', { id: 'startNow', name: 'start', value: 'now', checked: true }, l10n.t('Now'));
  const startLater = element('vscode-radio', { id: 'startLater', name: 'start', value: 'later' }, l10n.t('At a date and time'));
  const startAt = element('vscode-textfield', { id: 'startAt', name: 'startAt', type: 'datetime-local', disabled: true });

  const summaryList = element('ul', { id: 'summaryList' });
  const activate = element('vscode-button', { id: 'activate' }, l10n.t('Activate'));
  const cancel = element('vscode-button', { id: 'cancel', secondary: true }, l10n.t('Cancel'));
  const status = element('div', { id: 'status', role: 'status', 'aria-live': 'polite', class: 'status' });

  const content = element(
    'div',
    { id: 'form', class: 'form', hidden: true },
    element(
      'section',
      { class: 'section', 'aria-labelledby': 'rolesHeading' },
      element('h2', { id: 'rolesHeading' }, l10n.t('Roles')),
      roles,
      errorFor('roles'),
    ),
    element(
      'vscode-form-group',
      { variant: 'vertical' },
      element('vscode-label', { for: 'duration' }, l10n.t('Duration')),
      duration,
      durationHelp,
      errorFor('duration'),
    ),
    recentGroup,
    element('vscode-form-group', { variant: 'vertical' }, justificationLabel, justification, patternHint, errorFor('justification')),
    ticketFields,
    element(
      'vscode-form-group',
      { variant: 'vertical' },
      element('vscode-label', { for: 'start' }, l10n.t('Start')),
      element('vscode-radio-group', { id: 'start', variant: 'vertical' }, startNow, startLater),
      element('vscode-label', { for: 'startAt', class: 'visually-hidden' }, l10n.t('Start date and time')),
      startAt,
      errorFor('startAt'),
    ),
    element(
      'section',
      { id: 'summary', class: 'section summary', 'aria-labelledby': 'summaryHeading' },
      element('h2', { id: 'summaryHeading' }, l10n.t('What will happen')),
      summaryList,
    ),
    status,
    element('div', { class: 'actions' }, activate, cancel),
    element('p', { class: 'shortcut-hint' }, l10n.t('Ctrl+Enter (⌘+Enter on macOS) activates.')),
  );

  root.append(content);
  const controls: Controls = {
    content,
    loading: root.querySelector('#loading'),
    roles,
    duration,
    durationHelp,
    recentGroup,
    recent,
    justificationLabel,
    justification,
    patternHint,
    ticketFields,
    ticketNumber,
    ticketSystem,
    startNow,
    startLater,
    startAt,
    summaryList,
    activate,
    cancel,
    status,
    errors,
  };
  return controls;
}
