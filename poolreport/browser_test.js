// Copyright 2026 The fltctx Authors. SPDX-License-Identifier: Apache-2.0
//
// File: poolreport/browser_test.js: poolreport's HTML page in a real
// headless Chromium, driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: null-terminated JSON messages on file
// descriptors 3 and 4), so the test needs Node and Debian's chromium and no
// package from any registry.
//
//   node browser_test.js PAGE.html DIFF_PAGE.html
//
// Checks: the pages load with no console error or uncaught exception; the
// tables and the chart are there and drawn; clicking a column header
// reorders the rows (whole groups with their stacks); clicking a group's
// button shows its stack with file:line; the diff page marks the new leak.
// Exits 0 when every check passes; prints one line per check and a closing
// "N passed, N failed" line. Screenshots go to $TEST_UNDECLARED_OUTPUTS_DIR.

'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [pagePath, diffPagePath] = process.argv.slice(2);
if (!pagePath || !diffPagePath) {
  console.error('usage: node browser_test.js PAGE.html DIFF_PAGE.html');
  process.exit(2);
}

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('chromium is not installed (./bazelw installs Debian\'s chromium)');
}

// A DevTools connection over the pipe.
class Browser {
  constructor() {
    const scratch = process.env.TEST_TMPDIR || os.tmpdir();
    this.profile = fs.mkdtempSync(path.join(scratch, 'chromium-'));
    const args = [
      '--headless', '--disable-gpu', '--remote-debugging-pipe', '--no-first-run',
      '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
      '--disable-sync', '--metrics-recording-only', '--mute-audio', '--window-size=1400,1000',
      `--user-data-dir=${this.profile}`,
    ];
    // Chromium's sandbox refuses to run as root (CI machines run as root).
    if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
    args.push('about:blank');
    this.child = spawn(findChromium(), args, {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      env: Object.assign({}, process.env, { HOME: this.profile }),
    });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.buffer = '';
    this.child.stdio[4].on('data', (chunk) => this.receive(chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
  }

  receive(chunk) {
    this.buffer += chunk.toString('utf8');
    let end;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined && this.pending.has(message.id)) {
        const { resolve, reject, method } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      } else {
        for (const l of this.listeners) l(message);
      }
    }
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.child.stdio[3].write(JSON.stringify(message) + '\0');
    });
  }

  // Resolves with the first event `method` of `sessionId` for which `when`
  // holds.
  waitFor(method, sessionId, when = () => true) {
    return new Promise((resolve) => {
      const l = (m) => {
        if (m.method === method && m.sessionId === sessionId && when(m.params)) {
          this.listeners.splice(this.listeners.indexOf(l), 1);
          resolve(m.params);
        }
      };
      this.listeners.push(l);
    });
  }

  async close() {
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 2000))]);
    } catch (e) { /* already gone */ }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

// One tab with its console errors collected.
class Tab {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.errors = [];
    browser.listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Runtime.exceptionThrown') {
        const d = m.params.exceptionDetails;
        this.errors.push(`uncaught: ${(d.exception && d.exception.description) || d.text}`);
      } else if (m.method === 'Runtime.consoleAPICalled' &&
                 (m.params.type === 'error' || m.params.type === 'assert')) {
        this.errors.push(`console.${m.params.type}: ` +
                         m.params.args.map((a) => a.value || a.description).join(' '));
      } else if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error') {
        this.errors.push(`log: ${m.params.entry.text} ${m.params.entry.url || ''}`);
      }
    });
  }

  static async open(browser) {
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
    const tab = new Tab(browser, sessionId);
    for (const domain of ['Runtime', 'Log', 'Page']) await tab.send(`${domain}.enable`);
    return tab;
  }

  send(method, params) { return this.browser.send(method, params, this.sessionId); }

  async load(file) {
    const loaded = this.browser.waitFor('Page.loadEventFired', this.sessionId);
    const result = await this.send('Page.navigate', { url: 'file://' + path.resolve(file) });
    if (result.errorText) throw new Error(`cannot load ${file}: ${result.errorText}`);
    await loaded;
  }

  // The value of `expression` evaluated in the page.
  async eval(expression) {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) {
      throw new Error(`${expression}: ${r.exceptionDetails.exception
        ? r.exceptionDetails.exception.description : r.exceptionDetails.text}`);
    }
    return r.result.value;
  }

  // A real mouse click (pressed and released) at the centre of `selector`.
  async click(selector) {
    const box = await this.eval(`(() => {
      const e = document.querySelector(${JSON.stringify(selector)});
      if (!e) return null;
      e.scrollIntoView({block: 'center'});
      const r = e.getBoundingClientRect();
      return {x: r.left + r.width / 2, y: r.top + r.height / 2};
    })()`);
    if (!box) throw new Error(`nothing to click: ${selector}`);
    for (const type of ['mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent',
                      { type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
    }
  }

  async screenshot(name) {
    const dir = process.env.TEST_UNDECLARED_OUTPUTS_DIR;
    if (!dir) return;
    const { data } = await this.send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(path.join(dir, name), Buffer.from(data, 'base64'));
  }
}

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}${detail ? ': ' + detail : ''}`);
  }
}

// The column of `table` (its data-key / data-tag / data-bytes), row order.
const rowKeys = (table, attr) => `Array.from(document.querySelectorAll(
    '#${table} tbody tr[data-${attr}], #${table} > tbody[data-${attr}]'))
    .map(e => e.getAttribute('data-${attr}'))`;

async function checkSummaryPage(tab) {
  await tab.load(pagePath);
  check('summary page: loads with no console error', tab.errors.length === 0, tab.errors.join('; '));

  const present = await tab.eval(`['totals', 'tag-chart', 'by-tag', 'by-test', 'by-frame',
      'groups', 'bug-checks', 'objects'].filter(id => !document.getElementById(id))`);
  check('summary page: every table and the chart are present', present.length === 0,
        'missing ' + present.join(', '));

  const bars = await tab.eval(`Array.from(document.querySelectorAll('#tag-chart g.bar'))
      .map(g => ({tag: g.dataset.tag, bytes: Number(g.dataset.bytes),
                  width: g.querySelector('rect').getBBox().width}))`);
  check('chart: one drawn bar per tag', bars.length === 3 && bars.every((b) => b.width > 0),
        JSON.stringify(bars));
  check('chart: bars are as long as their bytes',
        bars.length > 1 && bars[0].bytes >= bars[1].bytes && bars[0].width > bars[1].width,
        JSON.stringify(bars));

  // The by-tag table: rows carry data-key (the tag).
  const before = await tab.eval(rowKeys('by-tag', 'key'));
  await tab.click('#by-tag th:nth-child(1)');  // Tag: A to Z
  const byTag = await tab.eval(rowKeys('by-tag', 'key'));
  const sorted = [...before].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  check('sorting: clicking Tag orders the rows A to Z',
        JSON.stringify(byTag) === JSON.stringify(sorted) &&
        JSON.stringify(byTag) !== JSON.stringify(before),
        `before ${before}, after ${byTag}`);
  await tab.click('#by-tag th:nth-child(1)');  // again: Z to A
  const reversed = await tab.eval(rowKeys('by-tag', 'key'));
  check('sorting: clicking Tag again reverses the order',
        JSON.stringify(reversed) === JSON.stringify([...sorted].reverse()), `${reversed}`);
  await tab.click('#by-tag th:nth-child(3)');  // Bytes: largest first
  const bytes = await tab.eval(`Array.from(document.querySelectorAll('#by-tag tbody tr'))
      .map(r => Number(r.cells[2].dataset.value))`);
  check('sorting: clicking Bytes orders by bytes, largest first',
        bytes.every((b, i) => i === 0 || bytes[i - 1] >= b) && bytes[0] > bytes[bytes.length - 1],
        `${bytes}`);

  // Groups sort as units: each keeps its stack row.
  const groupsBefore = await tab.eval(rowKeys('groups', 'bytes'));
  await tab.click('#groups th:nth-child(5)');  // Bytes
  const groupsAfter = await tab.eval(rowKeys('groups', 'bytes'));
  const intact = await tab.eval(`Array.from(document.querySelectorAll('#groups > tbody'))
      .every(b => b.rows.length === 2 && b.rows[1].classList.contains('stack'))`);
  check('sorting: the groups table reorders whole groups by bytes',
        JSON.stringify(groupsAfter) !== JSON.stringify(groupsBefore) &&
        groupsAfter.map(Number).every((b, i, a) => i === 0 || a[i - 1] >= b) && intact,
        `before ${groupsBefore}, after ${groupsAfter}, intact ${intact}`);

  // Expanding a group shows its stack with file:line.
  const stackId = await tab.eval(
      `document.querySelector('#groups > tbody button.toggle').getAttribute('aria-controls')`);
  const hiddenBefore = await tab.eval(
      `document.getElementById('${stackId}').getBoundingClientRect().height === 0`);
  await tab.click('#groups > tbody button.toggle');
  const shown = await tab.eval(`(() => {
      const row = document.getElementById('${stackId}');
      return {height: row.getBoundingClientRect().height, text: row.innerText,
              expanded: document.querySelector('#groups > tbody button.toggle')
                  .getAttribute('aria-expanded')};
    })()`);
  check('expanding: a group\'s stack is hidden, then shown with file:line',
        hiddenBefore && shown.height > 0 && /\S+\.c:\d+/.test(shown.text) &&
        shown.expanded === 'true',
        JSON.stringify({hiddenBefore, shown}));
  await tab.click('#groups > tbody button.toggle');
  const hiddenAgain = await tab.eval(
      `document.getElementById('${stackId}').getBoundingClientRect().height === 0`);
  check('expanding: a second click hides it again', hiddenAgain);

  const bug = await tab.eval(`(() => {
      const b = document.querySelector('#bug-checks > tbody');
      return b && {code: b.dataset.code, text: b.innerText};
    })()`);
  check('bug checks: stop code, name, parameters and meaning shown',
        bug && bug.code === '0xC2' && bug.text.includes('BAD_POOL_CALLER') &&
        bug.text.includes('0x7f0000002000') && bug.text.includes('double free'),
        JSON.stringify(bug));
  await tab.screenshot('summary.png');
  check('summary page: no console error after interaction', tab.errors.length === 0,
        tab.errors.join('; '));
}

async function checkDiffPage(tab) {
  await tab.load(diffPagePath);
  check('diff page: loads with no console error', tab.errors.length === 0, tab.errors.join('; '));
  const diff = await tab.eval(`(() => {
      const n = document.querySelector('#diff-table > tbody[data-change=new]');
      const g = document.querySelector('#groups > tbody.new[data-change=new]');
      const badge = n && n.querySelector('.badge.new');
      return {
        entries: document.querySelectorAll('#diff-table > tbody').length,
        newEntries: document.querySelectorAll('#diff-table > tbody[data-change=new]').length,
        newText: n && n.innerText,
        badge: badge && getComputedStyle(badge).backgroundColor,
        badgeVisible: !!badge && badge.getBoundingClientRect().width > 0,
        group: g && g.dataset.tag,
        groupMark: g && getComputedStyle(g.rows[0].cells[0]).boxShadow,
      };
    })()`);
  check('diff view: the new leak is listed and marked new',
        diff.entries === 4 && diff.newEntries === 1 && /MfRg/.test(diff.newText || '') &&
        diff.badgeVisible && diff.badge !== 'rgba(0, 0, 0, 0)',
        JSON.stringify(diff));
  check('diff view: the new leak\'s group is marked in the groups table',
        diff.group === 'MfRg' && (diff.groupMark || 'none') !== 'none', JSON.stringify(diff));
  await tab.click('#diff-table th:nth-child(6)');  // Bytes after
  const after = await tab.eval(`Array.from(document.querySelectorAll('#diff-table > tbody'))
      .map(b => Number(b.rows[0].cells[5].dataset.value))`);
  check('diff view: sorts by bytes after', after[0] === 300 &&
        after.every((b, i) => i === 0 || after[i - 1] >= b), `${after}`);
  await tab.screenshot('diff.png');
  check('diff page: no console error after interaction', tab.errors.length === 0,
        tab.errors.join('; '));
}

async function main() {
  const browser = new Browser();
  const deadline = setTimeout(() => {
    console.log('FAIL  the browser did not finish within 50 s');
    console.log(browser.stderr.slice(-2000));
    browser.child.kill('SIGKILL');
    process.exit(1);
  }, 50000);
  try {
    const version = await browser.send('Browser.getVersion');
    console.log(`browser: ${version.product}`);
    await checkSummaryPage(await Tab.open(browser));
    await checkDiffPage(await Tab.open(browser));
  } catch (e) {
    check('the browser session ran to the end', false, e.stack);
    console.log(browser.stderr.slice(-2000));
  } finally {
    await browser.close();
    clearTimeout(deadline);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
