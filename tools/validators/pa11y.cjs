// pa11y (HTML_CodeSniffer, WCAG 2 AA) over the pages named on the command line,
// in one Debian Chromium shared by every page. Prints one JSON object:
// {"<url>": [pa11y's issues: type, code, message, selector, context], ...}.
// Run by macros/cli/validate_html.py, which passes Chromium's executable and switches
// (CHROMIUM_PATH, CHROMIUM_ARGS: macros/cli/chromium.py, as the browser tests start it).
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

if (!process.env.CHROMIUM_PATH || !process.env.CHROMIUM_ARGS) {
  console.error("CHROMIUM_PATH and CHROMIUM_ARGS are set by macros/cli/validate_html.py: run it through `make validate`");
  process.exit(2);
}
const ARGS = JSON.parse(process.env.CHROMIUM_ARGS);

async function main() {
  const urls = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH,
    headless: true,
    args: ARGS,
  });
  const results = {};
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      try {
        const report = await pa11y(url, {
          browser,
          page,
          standard: "WCAG2AA",
          runners: ["htmlcs"],
          includeWarnings: true,
          includeNotices: false,
          timeout: 60000,
        });
        results[url] = report.issues.map(({ type, code, message, selector, context }) => ({
          type,
          code,
          message,
          selector,
          context,
        }));
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
