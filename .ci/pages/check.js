// The results server's pages in Debian's chromium: signs in as a trainee (on a phone's screen)
// and as a trainer (on a wall screen), saves a screenshot of each page, and checks that the
// wall board shows a session sent while it is open. Run by .ci/page-check, which starts the
// server and plays the sessions; arguments: BASE_URL OUTPUT_DIR.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, out] = process.argv.slice(2);

async function signIn(context, name, password) {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

function fail(message) {
  console.error(`page-check: ${message}`);
  process.exit(1);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const shot = async (page, name) => {
    await page.screenshot({ path: path.join(out, name), fullPage: true });
    console.log(`saved ${name}`);
  };

  const phone = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const login = await phone.newPage();
  await login.goto(`${base}/login`);
  await shot(login, '01-login-phone.png');
  const dana = await signIn(phone, 'Dana', 'dana-password-1');
  if (!dana.url().endsWith('/history')) fail(`a trainee lands on ${dana.url()}`);
  await shot(dana, '02-history-phone.png');
  await dana.goto(`${base}/competitions/1`);
  await shot(dana, '03-board-phone.png');
  const forbidden = await dana.goto(`${base}/cohorts/Night%20shift`);
  if (forbidden.status() !== 403) fail(`a trainee opened the dashboard (${forbidden.status()})`);

  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const tess = await signIn(tv, 'Tess', 'tess-password-1');
  await shot(tess, '04-trainer-home.png');
  await tess.goto(`${base}/cohorts/Night%20shift`);
  await shot(tess, '05-dashboard.png');
  await tess.goto(`${base}/competitions/1?wall=1`);
  const before = (await tess.innerText('#boards')).split('Sam').length - 1;
  await shot(tess, '06-wall-before.png');

  // The shell plays Sam's round now; the open board must show it without a reload.
  fs.writeFileSync(path.join(out, 'ready'), 'ready');
  const waiting = Date.now();
  try {
    await tess.waitForFunction(
      (count) => document.getElementById('boards').innerText.split('Sam').length - 1 > count,
      before,
      { timeout: 60000 },
    );
  } catch (error) {
    fail('the wall board did not show the new session');
  }
  console.log(`the wall board showed Sam's session ${Date.now() - waiting} ms after the shell began playing it`);
  await shot(tess, '07-wall-after.png');
  await browser.close();
})().catch((error) => fail(error.stack || String(error)));
