// Entry point: styles, router, the live connection, and the app mounted on #app.
import { render } from 'preact';
import { App } from './app';
import { connectLive } from './api/events';
import { startRouter } from './lib/router';
import './styles/app.css';

startRouter();
connectLive();
const root = document.getElementById('app');
if (root) render(<App />, root);
