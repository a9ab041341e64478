import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, aside, eyebrow }: { title: ReactNode; subtitle?: ReactNode; aside?: ReactNode; eyebrow?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        {eyebrow && <p className="page-eyebrow">{eyebrow}</p>}
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {aside && <div className="page-header-aside">{aside}</div>}
    </div>
  );
}
