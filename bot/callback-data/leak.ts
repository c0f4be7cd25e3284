import { defineCallbackData, oneOf } from './define.js';

/** The answer to /leak's confirmation. */
export const leakAnswer = defineCallbackData('leak1', { answer: oneOf(['yes', 'no']) });
