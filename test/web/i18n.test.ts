import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/client.js';
import { negotiate, uiLangOf } from '../../src/web/i18n.js';
import { testApp } from '../helpers/app.js';

let app: Express;
let db: Db;
let adminToken: string;
beforeAll(async () => {
  ({ app, db, adminToken } = await testApp());
});
afterAll(async () => db.$disconnect());

describe('interface language negotiation', () => {
  it.each([
    ['ru-RU,ru;q=0.9,en;q=0.8', 'ru'],
    ['en;q=0.5, zh-TW;q=0.9', 'zh-Hant'],
    ['zh-CN', 'zh-Hans'],
    ['zh-HK', 'zh-Hant'],
    ['zh', 'zh-Hans'],
    ['fr-FR, de;q=0.9', null],
    ['*', null],
    ['', null],
  ])('Accept-Language %j → %j', (header, lang) => expect(negotiate(header)).toBe(lang));

  it.each([
    ['zh-Hant-TW', 'zh-Hant'],
    ['EN-gb', 'en'],
    ['ja', null],
  ])('tag %j → %j', (tag, lang) => expect(uiLangOf(tag)).toBe(lang));
});

describe('localized pages', () => {
  it('speaks the Accept-Language and sets <html lang>', async () => {
    const res = await request(app).get('/login').set('Accept-Language', 'ru,en;q=0.5').expect(200);
    expect(res.text).toContain('<html lang="ru">');
    expect(res.text).toContain('Войти');
    const zh = await request(app).get('/login').set('Accept-Language', 'zh-TW').expect(200);
    expect(zh.text).toContain('<html lang="zh-Hant">');
  });

  it('lets the cookie beat the header, and the switcher set the cookie', async () => {
    const agent = request.agent(app);
    const switched = await agent.get('/login?lng=zh-Hans').set('Accept-Language', 'ru').expect(200);
    expect(switched.text).toContain('<html lang="zh-Hans">');
    expect(switched.headers['set-cookie']!.toString()).toContain('bitext_lang=zh-Hans');
    const later = await agent.get('/login').set('Accept-Language', 'ru').expect(200);
    expect(later.text).toContain('<html lang="zh-Hans">');
  });

  it('offers a switcher on every page that comes back to the same page', async () => {
    const res = await request(app).get('/login?next=%2Fdocuments%2F1').expect(200);
    for (const l of ['en', 'zh-Hans', 'zh-Hant', 'ru']) expect(res.text).toContain(`name="lng" value="${l}"`);
    expect(res.text).toContain('name="back" value="/login?next=%2Fdocuments%2F1"');
  });

  it("lets a signed-in user's choice beat the cookie and the header, on every device", async () => {
    const agent = request.agent(app);
    const page = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    await agent.post('/login').type('form').send({ _csrf: csrf, name: 'admin', password: 'admin-password-long', next: '/' }).expect(303);
    await agent.post('/language').type('form').send({ _csrf: csrf, lng: 'ru', back: '/' }).expect(303).expect('Location', '/');
    expect((await db.user.findUniqueOrThrow({ where: { name: 'admin' } })).locale).toBe('ru');
    const elsewhere = await request(app)
      .get('/')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('Cookie', 'bitext_lang=zh-Hans')
      .set('Accept-Language', 'en')
      .expect(200);
    expect(elsewhere.text).toContain('<html lang="ru">');
    await agent.post('/language').type('form').send({ _csrf: csrf, lng: 'xx', back: '/' }).set('Accept', 'application/json').expect(400);
  });
});
