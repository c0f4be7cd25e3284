// The messages' buttons (`g1:`) are encoded in core, since the notification renderers put them under
// messages too; the bot decodes them here like every other button.
export { decodeMessages, encodeMessages, messagesPattern, type MessagesButton, type MessagesOp } from '../../core/messages/buttons.js';
