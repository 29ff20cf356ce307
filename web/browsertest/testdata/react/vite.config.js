// The Vite + React app of web/browsertest/frameworks_browser_test.go, as
// `npm create vite@latest -- --template react` configures one.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({ plugins: [react()] });
