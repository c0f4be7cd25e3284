import { guardNetwork } from './network-guard.js';
import { testTelegram } from './test-telegram.js';

// Runs in every test worker before each test file (vitest `setupFiles`; `globalSetup` runs in another process).

guardNetwork();

// A worker runs several files one after another (isolate: false) and keeps one emulator for all of them:
// each file starts with an empty Telegram, as it would in a process of its own.
testTelegram.reset();
