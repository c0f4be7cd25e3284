import { defineCallbackData, oneOf } from './define.js';

/** «Панель управления»: a one-time sign-in link to the web panel, for the member of staff the account acts as. */
export const panelLinkButton = defineCallbackData('panel1', { ask: oneOf(['link']) });
