import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test portal', demoBanner: 'DEMO DATA: test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
  });

  it('renders the guest sign-in page and the demo banner', async () => {
    render(App.createRoot());
    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'demo data' })).toHaveTextContent(
      'DEMO DATA: test',
    );
  });
});
