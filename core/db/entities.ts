import { AdminAccount } from '../panel/admin-account.entity.js';
import { PanelSession } from '../panel/panel-session.entity.js';
import { ProcessedUpdate } from '../telegram/processed-update.entity.js';
import { TelegramAccount } from '../telegram/telegram-account.entity.js';

/** Every entity the ORM knows; new modules add theirs here. */
export const entities = [AdminAccount, PanelSession, ProcessedUpdate, TelegramAccount];
