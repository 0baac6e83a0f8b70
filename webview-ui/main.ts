// Entry point of the activation form webview (bundled by esbuild into dist/webview/main.js).
import './elements';
import { ActivationForm } from './form';
import { configureLanguage } from './language';
import { connectToHost } from './vscodeApi';

const root = document.getElementById('app');
if (root) {
  configureLanguage(root);
  new ActivationForm(root, connectToHost()).start();
}
