/**
 * Errors speak the interface language: every error a user meets, over real HTTP, in en / zh-Hans / ru,
 * as an HTML page and as JSON, with its stable code; dates, numbers and <html lang> follow the locale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/web/app.js';
import { existingJobRunner } from '../../src/web/routes/mt.js';
import { clientFor, testApp, type Client } from '../helpers/app.js';
import { importText, segmentsWith } from '../helpers/mt.js';
import { startDeepLStub, type DeepLStub } from '../mt/deeplStub.js';
import { AppError, ImportFailed, ImportRefused } from '../../src/domain/errors.js';
import { localizeError } from '../../src/web/errors.js';
import { initI18n } from '../../src/web/i18n.js';

type Lang = 'en' | 'zh-Hans' | 'ru';
const LANGS: Lang[] = ['en', 'zh-Hans', 'ru'];
const NBSP = '\u00a0';

let app: Express;
let noMtApp: Express;
let db: Db;
let stub: DeepLStub;
let adminToken: string;
let translator: Client;
let segmentId: number;
/** An XLIFF file of this server naming a document that does not exist. */
let strayXliff: Buffer;

beforeAll(async () => {
  stub = await startDeepLStub({ characterLimit: 0 });
  let url: string;
  ({ app, db, url, adminToken } = await testApp({ DEEPL_AUTH_KEY: stub.authKey, DEEPL_SERVER_URL: stub.url, MAX_IMPORT_BYTES: '1000' }));
  noMtApp = await createApp({ db, config: loadConfig({ DATABASE_URL: url, MAX_IMPORT_BYTES: '1000' }), log: () => {} });
  ({ client: translator } = await clientFor(app, db, 'tina', 'translator'));
  const doc = await importText(db, 'p', 'a.md', '一。\n\n二。\n');
  segmentId = (await segmentsWith(db, doc, 'en'))[0]!.id;
  const exported = await request(app)
    .get(`/documents/${doc}/export?format=xliff&lang=en`)
    .set('Authorization', `Bearer ${adminToken}`)
    .expect(200);
  strayXliff = Buffer.from(exported.text.replace(/bitext:documentId="\d+"/, 'bitext:documentId="9999"'));
  // A translation at version 1, so that a save of version 0 conflicts.
  await request(app)
    .put(`/api/segments/${segmentId}/translations/en`)
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ text: 'One.', status: 'translated', version: 0 })
    .expect(200);
});
afterAll(async () => {
  await existingJobRunner(db)?.idle();
  await stub.close();
  await db.$disconnect();
});

/** How a case is sent: the app, and a request builder that gets Accept and Accept-Language set on it. */
interface ErrorCase {
  why: string;
  status: number;
  code: string;
  /** The localized message, exactly, per language. */
  message: Record<Lang, string>;
  /** Which renderings the route has (API routes answer JSON only; the login form only HTML). */
  formats: ('html' | 'json')[];
  send: (app: Express) => request.Test;
  /** Use the app without machine translation configured. */
  noMt?: boolean;
  /** Message of the first refused file of an import report instead of an error body. */
  refused?: boolean;
}

const bearer = () => `Bearer ${adminToken}`;

const CASES: ErrorCase[] = [
  {
    why: 'form and query validation names the field and what is wrong',
    status: 400,
    code: 'invalid_input',
    message: { en: 'Offset: must be at least 0', 'zh-Hans': '偏移：不能小于 0', ru: 'Смещение: должно быть не меньше 0' },
    formats: ['html', 'json'],
    send: (a) => request(a).get('/admin/audit?offset=-1').set('Authorization', bearer()),
  },
  {
    why: 'a missing API field is "required"',
    status: 400,
    code: 'invalid_input',
    message: { en: 'Text: required', 'zh-Hans': '文本：必填', ru: 'Текст: обязательное поле' },
    formats: ['json'],
    send: (a) => request(a).post('/api/convert').set('Authorization', bearer()).send({ config: 's2t' }),
  },
  {
    why: 'a too short password counts characters with plural forms',
    status: 400,
    code: 'invalid_input',
    message: { en: 'Password: at least 10 characters.', 'zh-Hans': '密码：至少 10 个字符。', ru: 'Пароль: не менее 10 символов.' },
    formats: ['html', 'json'],
    send: (a) =>
      request(a)
        .post('/admin/users')
        .set('Authorization', bearer())
        .type('form')
        .send({ name: 'newbie', role: 'translator', password: 'short' }),
  },
  {
    why: 'something that does not exist',
    status: 404,
    code: 'not_found',
    message: { en: 'Not found: document 9999.', 'zh-Hans': '未找到文档 9999。', ru: 'Не найдено: документ 9999.' },
    formats: ['html', 'json'],
    send: (a) => request(a).get('/documents/9999').set('Authorization', bearer()),
  },
  {
    why: 'a role that may not do it',
    status: 403,
    code: 'forbidden',
    message: {
      en: 'This needs the role Administrator; you are Translator.',
      'zh-Hans': '此操作需要管理员角色；你的角色是译员。',
      ru: 'Для этого нужна роль Администратор; ваша роль — Переводчик.',
    },
    formats: ['html', 'json'],
    send: () => translator.get('/admin/users'),
  },
  {
    why: 'not signed in',
    status: 401,
    code: 'unauthenticated',
    message: { en: 'Log in first.', 'zh-Hans': '请先登录。', ru: 'Сначала войдите в систему.' },
    formats: ['html', 'json'],
    send: (a) => request(a).post('/documents/1/delete'),
  },
  {
    why: 'an unknown API token (refused before the language middleware runs)',
    status: 401,
    code: 'invalid_token',
    message: {
      en: 'The API token is unknown or revoked.',
      'zh-Hans': 'API 令牌不存在或已被撤销。',
      ru: 'API-токен неизвестен или отозван.',
    },
    formats: ['html', 'json'],
    send: (a) => request(a).get('/').set('Authorization', 'Bearer nope'),
  },
  {
    why: 'a form without its CSRF token',
    status: 403,
    code: 'csrf_failed',
    message: {
      en: 'The form is out of date or came from another site: reload the page and try again.',
      'zh-Hans': '表单已过期或来自其他网站：请刷新页面后重试。',
      ru: 'Форма устарела или отправлена с другого сайта: перезагрузите страницу и попробуйте ещё раз.',
    },
    formats: ['html', 'json'],
    send: (a) => request(a).post('/login').type('form').send({ name: 'admin', password: 'x' }),
  },
  {
    why: 'a save of a stale version',
    status: 409,
    code: 'version_conflict',
    message: {
      en: 'The translation was changed by admin meanwhile (now version 1).',
      'zh-Hans': '此译文已被 admin 修改（当前为第 1 版）。',
      ru: 'Перевод тем временем изменил пользователь admin (теперь версия 1).',
    },
    formats: ['json'],
    send: (a) =>
      request(a).put(`/api/segments/${segmentId}/translations/en`).set('Authorization', bearer()).send({ text: 'Uno.', version: 0 }),
  },
  {
    why: 'an import with no file',
    status: 400,
    code: 'no_files',
    message: {
      en: 'Choose at least one Markdown or text file to import.',
      'zh-Hans': '请至少选择一个要导入的 Markdown 或文本文件。',
      ru: 'Выберите хотя бы один файл Markdown или текстовый файл для импорта.',
    },
    formats: ['html', 'json'],
    send: (a) => request(a).post('/import').set('Authorization', bearer()).field('project', 'p'),
  },
  {
    why: 'an empty file is refused by name',
    status: 422,
    code: 'file_empty',
    message: { en: 'empty.md: the file is empty.', 'zh-Hans': 'empty.md：文件为空。', ru: 'empty.md: файл пуст.' },
    formats: ['html', 'json'],
    refused: true,
    send: (a) =>
      request(a).post('/import').set('Authorization', bearer()).field('project', 'p').attach('files', Buffer.alloc(0), 'empty.md'),
  },
  {
    why: 'a binary file is refused by name',
    status: 422,
    code: 'file_binary',
    message: {
      en: 'bin.md: the file is binary (it contains NUL bytes), not text.',
      'zh-Hans': 'bin.md：这是二进制文件（含有 NUL 字节），不是文本。',
      ru: 'bin.md: файл двоичный (содержит байты NUL), а не текстовый.',
    },
    formats: ['html', 'json'],
    refused: true,
    send: (a) =>
      request(a)
        .post('/import')
        .set('Authorization', bearer())
        .field('project', 'p')
        .attach('files', Buffer.from([0, 1, 2]), 'bin.md'),
  },
  {
    why: 'an undecodable file is refused by name',
    status: 422,
    code: 'file_undecodable',
    message: {
      en: 'bad.md: the file is neither UTF-8 nor GB18030/GBK, Big5 or UTF-16 text.',
      'zh-Hans': 'bad.md：文件既不是 UTF-8，也不是 GB18030/GBK、Big5 或 UTF-16 文本。',
      ru: 'bad.md: файл не является текстом в кодировке UTF-8, GB18030/GBK, Big5 или UTF-16.',
    },
    formats: ['html', 'json'],
    refused: true,
    send: (a) =>
      request(a)
        .post('/import')
        .set('Authorization', bearer())
        .field('project', 'p')
        .attach('files', Buffer.from([0xff, 0xfe - 1, 0x80, 0xc3]), 'bad.md'),
  },
  {
    why: 'a file over MAX_IMPORT_BYTES is refused by name, with sizes as people read them in the interface language',
    status: 422,
    code: 'file_too_large',
    message: {
      en: 'big.md: the file is 1.5 kB, over the limit of 1,000 bytes.',
      'zh-Hans': 'big.md：文件大小为 1.5 kB，超过上限 1,000字节。',
      ru: `big.md: размер файла 1,5 кБ больше предела 1${NBSP}000 байт.`,
    },
    formats: ['html', 'json'],
    refused: true,
    send: (a) =>
      request(a).post('/import').set('Authorization', bearer()).field('project', 'p').attach('files', Buffer.alloc(1500, 'a'), 'big.md'),
  },
  {
    why: 'an XLIFF file for a document that is not here',
    status: 400,
    code: 'invalid_input',
    message: {
      en: 'back.xlf: document 9999 does not exist here.',
      'zh-Hans': 'back.xlf：此处不存在文档 9999。',
      ru: 'back.xlf: документа 9999 здесь нет.',
    },
    formats: ['html', 'json'],
    send: (a) => request(a).post('/import').set('Authorization', bearer()).field('project', 'p').attach('files', strayXliff, 'back.xlf'),
  },
  {
    why: 'an upload over the server limit',
    status: 413,
    code: 'body_too_large',
    message: {
      en: 'Upload refused: a file is larger than 3.9 kB.',
      'zh-Hans': '上传被拒绝：有文件超过 3.9 kB。',
      ru: 'Загрузка отклонена: файл больше 3,9 кБ.',
    },
    formats: ['html', 'json'],
    send: (a) =>
      request(a).post('/import').set('Authorization', bearer()).field('project', 'p').attach('files', Buffer.alloc(5000, 'a'), 'huge.md'),
  },
  {
    why: 'machine translation without a key',
    status: 503,
    code: 'mt_not_configured',
    message: {
      en: 'Machine translation (DeepL) is not configured: an administrator sets DEEPL_AUTH_KEY (DEEPL_SERVER_URL for a DeepL-compatible server), or MT_PROVIDER=openai with OPENAI_BASE_URL and OPENAI_MODEL.',
      'zh-Hans':
        '未配置机器翻译（DeepL）：需由管理员设置 DEEPL_AUTH_KEY（兼容 DeepL 的服务器另设 DEEPL_SERVER_URL），或设置 MT_PROVIDER=openai 以及 OPENAI_BASE_URL 和 OPENAI_MODEL。',
      ru: 'Машинный перевод (DeepL) не настроен: администратор должен задать DEEPL_AUTH_KEY (и DEEPL_SERVER_URL для DeepL-совместимого сервера) или MT_PROVIDER=openai с OPENAI_BASE_URL и OPENAI_MODEL.',
    },
    formats: ['json'],
    noMt: true,
    send: (a) => request(a).post(`/api/segments/${segmentId}/mt`).set('Authorization', bearer()).send({ lang: 'ru' }),
  },
  {
    why: 'the machine translation quota is used up',
    status: 429,
    code: 'mt_quota_exceeded',
    message: {
      en: 'The machine translation quota for this period is used up: nothing more can be sent until it renews.',
      'zh-Hans': '本期机器翻译额度已用完：额度恢复前无法再发送。',
      ru: 'Квота машинного перевода на этот период исчерпана: до её обновления ничего больше отправить нельзя.',
    },
    formats: ['json'],
    send: (a) => request(a).post(`/api/segments/${segmentId}/mt`).set('Authorization', bearer()).send({ lang: 'ru' }),
  },
  {
    why: 'an unknown interface language',
    status: 400,
    code: 'invalid_input',
    message: {
      en: 'Interface language "xx" is not available (available: en, zh-Hans, zh-Hant, and ru).',
      'zh-Hans': '界面语言“xx”不可用（可用：en、zh-Hans、zh-Hant和ru）。',
      ru: 'Язык интерфейса «xx» недоступен (доступны: en, zh-Hans, zh-Hant и ru).',
    },
    formats: ['json'],
    send: (a) => request(a).post('/language').set('Authorization', bearer()).type('form').send({ lng: 'xx' }),
  },
];

/** The text of `<p class="message">` (or of the first refused file) on an HTML page, entities decoded. */
function htmlMessage(html: string, refused: boolean): string {
  const m = refused ? /<ul class="import-refused">\s*<li>(.*?)<\/li>/s.exec(html) : /<p class="message">(.*?)<\/p>/s.exec(html);
  return (m?.[1] ?? '').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('errors in the interface language', () => {
  const rows = CASES.flatMap((c) => c.formats.flatMap((format) => LANGS.map((lang) => ({ ...c, format, lang }))));

  it.each(rows)('$why ($format, $lang)', async ({ send, noMt, status, code, message, format, lang, refused }) => {
    const res = await send(noMt ? noMtApp : app)
      .set('Accept', format === 'json' ? 'application/json' : 'text/html')
      .set('Accept-Language', lang);
    expect(res.status).toBe(status);
    if (format === 'json') {
      const body = res.body as { error?: { code: string; message: string }; refused?: { code: string; message: string }[] };
      const got = refused ? body.refused?.[0] : body.error;
      expect(got).toMatchObject({ code, message: message[lang] });
    } else {
      expect(res.text).toContain(`<html lang="${lang}">`);
      expect(htmlMessage(res.text, Boolean(refused))).toBe(message[lang]);
      if (!refused) expect(res.text).toContain(`${status} · ${code}`);
    }
  });

  it('sums up each imported document for the upload page in the interface language', async () => {
    const res = await request(app)
      .post('/import')
      .set('Authorization', bearer())
      .set('Accept', 'application/json')
      .set('Accept-Language', 'ru')
      .field('project', 'p')
      .attach('files', Buffer.from('一。\n\n二。\n'), 'new.md')
      .expect(200);
    expect(res.body.documents[0]).toMatchObject({ path: 'new.md', action: 'created', summary: 'новый, 2 сегмента, прочитан как Markdown' });
  });

  it('keeps field and value details in JSON, with field messages in the request language', async () => {
    const res = await request(app)
      .get('/admin/audit?offset=-1')
      .set('Authorization', bearer())
      .set('Accept', 'application/json')
      .set('Accept-Language', 'ru')
      .expect(400);
    expect(res.body.error.issues).toEqual([{ field: 'offset', message: 'Смещение: должно быть не меньше 0' }]);
  });

  it('says why a background MT job stopped in the request language, keeping the English error and code', async () => {
    const doc = (await db.segment.findUniqueOrThrow({ where: { id: segmentId } })).documentId;
    const started = await request(app)
      .post(`/api/documents/${doc}/pretranslate`)
      .set('Authorization', bearer())
      .send({ langs: ['ru'] })
      .expect(202);
    await existingJobRunner(db)!.idle();
    const job = await request(app)
      .get(`/api/jobs/${started.body.jobId}`)
      .set('Authorization', bearer())
      .set('Accept-Language', 'ru')
      .expect(200);
    expect(job.body).toMatchObject({ status: 'failed', errorCode: 'mt_quota_exceeded', error: expect.stringMatching(/Quota/) });
    expect(job.body.errorMessage).toBe(
      'Квота машинного перевода на этот период исчерпана: до её обновления ничего больше отправить нельзя. (до остановки готово 0 из 2; запустите снова, чтобы продолжить.)',
    );
  });

  it('shows a failed login on the login page in the chosen language, with plural minutes when throttled', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/login?lng=ru').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const wrong = await agent.post('/login').type('form').send({ _csrf: csrf, name: 'admin', password: 'wrong-password' }).expect(401);
    expect(wrong.text).toContain('<p class="form-error" role="alert">Неверное имя пользователя или пароль.</p>');
    const empty = await agent.post('/login').type('form').send({ _csrf: csrf, name: '', password: '' }).expect(400);
    expect(empty.text).toContain('Введите имя пользователя и пароль.');
  });
});

describe('errors without a key and CLI messages', () => {
  beforeAll(async () => {
    await initI18n();
  });

  it('wraps a rare English-only error in a localized sentence, and shows it as it is in English', () => {
    const err = new AppError('backup_exists', 'x.db already exists: choose a new file name', 409);
    expect(localizeError('ru', err)).toBe('Запрос не выполнен: x.db already exists: choose a new file name');
    expect(localizeError('en', err)).toBe('x.db already exists: choose a new file name');
  });

  it('keeps the English message for logs and the CLI', () => {
    const err = new ImportRefused('file_empty', 'a.md', 'the file is empty');
    expect(err.message).toBe('a.md: the file is empty');
    expect(localizeError('zh-Hans', err)).toBe('a.md：文件为空。');
  });

  it('says in the interface language that a file the database refused was not saved at all, naming it', () => {
    const err = new ImportFailed('f15.md', 'database is locked');
    expect(err.message).toBe('f15.md: not saved: database is locked');
    expect(localizeError('ru', err)).toBe('f15.md: не сохранён, из него ничего не записано (database is locked).');
    expect(localizeError('zh-Hant', err)).toBe('f15.md：未儲存，該檔案的內容一概未寫入（database is locked）。');
  });

  it('tells, in the interface language, how far a stopped TMX import got and that importing again completes it', () => {
    const err = new AppError('tm_import_stopped', 'x', 500, {}, { params: { file: 'big.tmx', units: 2000, reason: 'disk full' } });
    expect(localizeError('ru', err)).toBe(
      'big.tmx: импорт остановился после 2000 единиц (disk full). Импортируйте файл ещё раз, чтобы завершить: уже сохранённые единицы не дублируются.',
    );
  });

  it.each([
    [1, 'Слишком много неудачных попыток входа. Попробуйте снова через 1 минуту.'],
    [3, 'Слишком много неудачных попыток входа. Попробуйте снова через 3 минуты.'],
    [15, 'Слишком много неудачных попыток входа. Попробуйте снова через 15 минут.'],
  ])('counts %i throttled minutes with Russian plurals', (minutes, text) => {
    expect(localizeError('ru', { key: 'login_throttled', params: { count: minutes }, message: '' })).toBe(text);
  });
});

describe('dates, numbers and <html lang> per locale', () => {
  it.each([
    ['en', 'Mar 5, 2026, 14:07:09 UTC'],
    ['zh-Hans', '2026年3月5日 UTC 14:07:09'],
    ['ru', '5 мар. 2026 г., 14:07:09 UTC'],
  ])('shows audit dates the %s way', async (lang, shown) => {
    await db.auditEvent.create({
      data: { userName: 'admin', action: 'test.date', target: 'x', createdAt: new Date(Date.UTC(2026, 2, 5, 14, 7, 9)) },
    });
    const res = await request(app)
      .get('/admin/audit?action=test.date')
      .set('Authorization', bearer())
      .set('Accept-Language', lang)
      .expect(200);
    expect(res.text).toContain(`<time datetime="2026-03-05T14:07:09.000Z">${shown}</time>`);
  });

  it('sets <html lang> on every page to the chosen interface language', async () => {
    const docId = (await db.document.findFirstOrThrow()).id;
    for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'ru']) {
      for (const path of [
        '/',
        '/admin/users',
        '/admin/audit',
        '/admin/usage',
        '/convert',
        `/documents/${docId}`,
        `/documents/${docId}/delete`,
        '/nowhere',
      ]) {
        const res = await request(app).get(path).set('Authorization', bearer()).set('Accept', 'text/html').set('Accept-Language', lang);
        expect(res.text, `${path} in ${lang}`).toContain(`<html lang="${lang}">`);
      }
      const login = await request(app).get('/login').set('Accept-Language', lang).expect(200);
      expect(login.text).toContain(`<html lang="${lang}">`);
    }
  });

  it('groups counts and shows percentages the Russian way on the home page', async () => {
    const res = await request(app).get('/').set('Authorization', bearer()).set('Accept-Language', 'ru').expect(200);
    expect(res.text).toContain('2 сегмента');
    expect(res.text).toContain(`<span class="pct">переведено 50${NBSP}%</span>`);
  });
});
