import type { Metadata } from "next";
import type { ReactNode } from "react";
import { NavAccount } from "@/components/nav-account";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Footfall",
  description: "People counting and occupancy analytics",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <header className="border-b bg-white">
          <nav className="mx-auto flex max-w-5xl items-center gap-6 px-6 py-3">
            <a href="/" className="font-semibold">
              Footfall
            </a>
            <a href="/docs" className="text-sm text-slate-600 hover:text-slate-900">
              API docs
            </a>
            <span className="ml-auto">
              <NavAccount />
            </span>
          </nav>
        </header>
        <main className="mx-auto max-w-5xl px-6 py-8">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
