import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'STM Explorer — watch a Starknet block execute in parallel',
  description:
    'A Cairo VM, Block-STM and the dependency graph of a Starknet block, animated and measured in your browser.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className="dark" suppressHydrationWarning>
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
