import { Html, html } from '../html';
import { HOME_PATH } from '../paths';
import { layout } from './layout';

export function errorPage(title: string, words: string): Html {
  return layout(
    title,
    html`<h1>${title}</h1><div class="flash error" role="alert" data-test="flash">${words}</div><p><a href="${HOME_PATH}">Back to the customers</a></p>`,
  );
}
