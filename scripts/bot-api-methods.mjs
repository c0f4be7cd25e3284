// Compacts the official Bot API description (shared/telegram-bot-api.json) into the method list the
// Bot API emulator validates every call against: node scripts/bot-api-methods.mjs ../shared/telegram-bot-api.json
import fs from 'node:fs';

const source = JSON.parse(fs.readFileSync(process.argv[2] ?? '../shared/telegram-bot-api.json', 'utf8'));
const methods = Object.fromEntries(
  Object.values(source.methods).map((m) => [
    m.name,
    {
      required: m.fields?.filter((f) => f.required).map((f) => f.name) ?? [],
      optional: m.fields?.filter((f) => !f.required).map((f) => f.name) ?? [],
    },
  ]),
);
// The objects a call's reply_markup is made of, for the keyboard checks.
const typeNames = ['InlineKeyboardButton', 'InlineKeyboardMarkup', 'ReplyKeyboardMarkup', 'KeyboardButton', 'ReplyKeyboardRemove', 'ForceReply', 'BotCommand', 'LinkPreviewOptions', 'ReplyParameters', 'MessageEntity', 'WebAppInfo'];
const types = Object.fromEntries(
  typeNames.map((name) => [
    name,
    {
      required: source.types[name].fields?.filter((f) => f.required).map((f) => f.name) ?? [],
      optional: source.types[name].fields?.filter((f) => !f.required).map((f) => f.name) ?? [],
    },
  ]),
);
const out = { version: source.version, release_date: source.release_date, source: 'generated from the official Bot API method list (telegram-bot-api.json)', methods, types };
fs.writeFileSync('telegram-emulator/bot-api-methods.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(`${Object.keys(methods).length} methods of Bot API ${source.version}`);
