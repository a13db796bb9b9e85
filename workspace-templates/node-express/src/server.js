import { createApp } from './app.js';

// PORT lets the IDE or a platform choose the port.
const port = Number(process.env.PORT) || 3000;

createApp().listen(port, () => {
  console.log(`demo listening on http://localhost:${port}`);
});
