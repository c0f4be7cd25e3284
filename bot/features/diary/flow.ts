import type { Core } from '../../../core/core.js';
import type { DiaryViewer } from '../../../core/diary/diary-access.js';
import type { BotIdentity } from '../../../core/telegram/bot-identity.js';
import type { BotContext } from '../../context.js';

/** What every diary handler works with: the update, the core, and the viewer the server established. */
export interface DiaryFlow {
  ctx: BotContext;
  core: Core;
  viewer: DiaryViewer;
}

/** A student or a guardian reads diaries; staff do not (they have the journal). */
export function viewerOf(identity: BotIdentity | undefined): DiaryViewer | undefined {
  if (!identity || (identity.personKind !== 'student' && identity.personKind !== 'guardian')) return undefined;
  return { personKind: identity.personKind, personId: identity.personId, schoolId: identity.schoolId };
}

/** Whose diary a menu entry opens: the student's own, or the guardian's chosen child. */
export function defaultStudentOf(identity: BotIdentity): number | undefined {
  return identity.personKind === 'student' ? identity.personId : identity.activeChildId;
}
