import QRCode from 'qrcode';
import { openPdf } from '../pdf/pdf-document.js';
import { dateTime } from '../time/format.js';

/** One printed invitation: whom it is for and the deep link that lets that person into the bot. */
export interface InviteSlip {
  fullName: string;
  /** «Ученик 7А», «Родитель: Алексеев Пётр (7А)», «Учитель»… */
  roleTitle: string;
  schoolName: string;
  deepLink: string;
  expiresAt: Date;
  /** The school's time zone, to print the expiry in (Europe/Moscow if not given). */
  timeZone?: string;
}

/** Someone the slips were asked for who got none, and why (in Russian). */
export interface SkippedPerson {
  fullName: string;
  reason: string;
}

export interface SlipOptions {
  /** Listed on a last page, so that the class teacher knows whom to follow up. */
  skipped?: readonly SkippedPerson[];
  /** Streams deflated (default); tests turn it off to read the text. */
  compress?: boolean;
}

export const SLIPS_PER_PAGE = 4;


const PAGE = { width: 595.28, height: 841.89 };
const PAD = 24;
const QR_SIZE = 150;

export const formatExpiry = (expiresAt: Date, timeZone = 'Europe/Moscow') => dateTime(expiresAt, timeZone);

/** A4 pages, four slips each with dashed cut lines between them; skipped people on a last page. */
export async function renderInviteSlips(slips: readonly InviteSlip[], options: SlipOptions = {}): Promise<Buffer> {
  const { doc, file: done } = openPdf({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    compress: options.compress ?? true,
    info: { Title: 'Приглашения в Классный журнал', Creator: 'Klassny' },
  });

  const height = PAGE.height / SLIPS_PER_PAGE;
  slips.forEach((slip, i) => {
    const slot = i % SLIPS_PER_PAGE;
    if (slot === 0) {
      doc.addPage();
      cutLines(doc, height);
    }
    drawSlip(doc, slip, slot * height, height);
  });
  if (options.skipped?.length) skippedPage(doc, options.skipped);
  if (!slips.length && !options.skipped?.length) {
    doc.addPage();
    doc.font('regular').fontSize(12).text('Приглашений нет: в списке никого.', PAD * 2, PAD * 2);
  }
  doc.end();
  return done;
}

function cutLines(doc: PDFKit.PDFDocument, height: number): void {
  doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 4 });
  for (let k = 1; k < SLIPS_PER_PAGE; k++) doc.moveTo(0, k * height).lineTo(PAGE.width, k * height).stroke();
  doc.undash().restore();
}

function drawSlip(doc: PDFKit.PDFDocument, slip: InviteSlip, top: number, height: number): void {
  const qrTop = top + (height - QR_SIZE) / 2 - 6;
  drawQr(doc, slip.deepLink, PAD, qrTop, QR_SIZE);
  doc.font('regular').fontSize(6.5).fillColor('#333333')
    .text(slip.deepLink, PAD, qrTop + QR_SIZE + 2, { width: QR_SIZE, align: 'center' });

  const x = PAD + QR_SIZE + 20;
  const width = PAGE.width - x - PAD;
  const expiry = formatExpiry(slip.expiresAt, slip.timeZone);
  doc.font('bold').fontSize(14).fillColor('#000000').text(slip.fullName, x, top + PAD, { width });
  doc.font('regular').fontSize(10).fillColor('#333333').text(slip.roleTitle, { width });
  doc.text(slip.schoolName, { width });
  doc.moveDown(0.5).fontSize(9).fillColor('#000000');
  doc.text('Вход в Классный журнал в Telegram:', { width });
  doc.text('1. Установите Telegram на телефон (если его ещё нет).', { width });
  doc.text('2. Отсканируйте QR-код камерой телефона или откройте ссылку под ним.', { width });
  doc.text('3. Нажмите «Запустить» («Start») в открывшемся чате с ботом.', { width });
  doc.moveDown(0.3).font('bold').text(`Приглашение действует до ${expiry} и только для одного аккаунта.`, { width });
  doc.font('regular').fontSize(7.5).fillColor('#555555')
    .text('Не передавайте его другим: кто откроет ссылку первым, тот и получит доступ.', { width });
}

/** The QR code as vector squares: sharp at any print resolution. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + quiet * 2);
  doc.save().fillColor('#000000');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
    }
  }
  doc.fill().restore();
}

function skippedPage(doc: PDFKit.PDFDocument, skipped: readonly SkippedPerson[]): void {
  doc.addPage();
  doc.font('bold').fontSize(14).fillColor('#000000').text('Приглашения не выданы', PAD * 2, PAD * 2);
  doc.font('regular').fontSize(10).moveDown(0.5);
  for (const person of skipped) doc.text(`${person.fullName} — ${person.reason}`, { width: PAGE.width - PAD * 4 });
}
