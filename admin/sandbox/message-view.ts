import type { ChatMessage, FileInfo } from '../../telegram-emulator/index.js';

/** A button as the web chat draws it. */
export interface ButtonView {
  text: string;
  callbackData?: string;
  url?: string;
  /** A Mini App's URL (web_app): the sandbox opens it in a panel beside the chat, signed in as the chat's person. */
  webApp?: string;
}

/** A transcript message as the web chat draws it (files as URLs of the sandbox, never their bytes). */
export interface MessageView {
  id: number;
  from: 'bot' | 'user';
  date: number;
  text?: string;
  entities?: unknown[];
  caption?: string;
  captionEntities?: unknown[];
  photo?: { url: string; width?: number; height?: number };
  document?: { url: string; download: string; name: string; size: number; mimeType: string };
  buttons: ButtonView[][];
  keyboard?: string[][];
  removeKeyboard?: boolean;
  edited: boolean;
}

const fileUrl = (base: string, file: FileInfo) => `${base}/files/${encodeURIComponent(file.fileId)}`;

export function messageView(message: ChatMessage, base: string): MessageView {
  const markup = message.replyMarkup as { keyboard?: ({ text: string } | string)[][]; remove_keyboard?: boolean } | undefined;
  return {
    id: message.messageId,
    from: message.from,
    date: message.date,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(message.entities?.length ? { entities: message.entities } : {}),
    ...(message.caption !== undefined ? { caption: message.caption } : {}),
    ...(message.captionEntities?.length ? { captionEntities: message.captionEntities } : {}),
    ...(message.photo ? { photo: { url: message.photo.url ?? fileUrl(base, message.photo), width: message.photo.width, height: message.photo.height } } : {}),
    ...(message.document
      ? {
          document: {
            url: message.document.url ?? fileUrl(base, message.document),
            download: message.document.url ?? `${fileUrl(base, message.document)}?download=1`,
            name: message.document.fileName ?? 'document',
            size: message.document.size,
            mimeType: message.document.mimeType,
          },
        }
      : {}),
    buttons: message.buttons.map((row) =>
      row.map((b): ButtonView => ({
        text: b.text,
        ...('callback_data' in b && b.callback_data !== undefined ? { callbackData: b.callback_data } : {}),
        ...('url' in b && b.url !== undefined ? { url: b.url } : {}),
        ...('web_app' in b && b.web_app !== undefined ? { webApp: b.web_app.url } : {}),
      })),
    ),
    ...(markup?.keyboard ? { keyboard: markup.keyboard.map((row) => row.map((b) => (typeof b === 'string' ? b : b.text))) } : {}),
    ...(markup?.remove_keyboard ? { removeKeyboard: true } : {}),
    edited: message.edits > 0,
  };
}
