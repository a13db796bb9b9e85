import express from 'express';
import { fileURLToPath } from 'node:url';

export const MAX_NAME_LENGTH = 100;

/** Builds the application without listening, so tests can start it on any port. */
export function createApp() {
  const app = express();

  app.use(express.static(fileURLToPath(new URL('../public', import.meta.url))));

  app.get('/api/greeting', (req, res) => {
    const raw = req.query.name ?? 'World';
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      // A bad input is the client's mistake: answer 400 with a reason, never a stack trace.
      return res.status(400).json({ error: `name must be 1 to ${MAX_NAME_LENGTH} characters` });
    }
    res.json({ message: `Hello, ${name}!` });
  });

  app.use((req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  return app;
}
