import { PageHeader } from '../components/PageHeader.tsx';

export function AuditLogPage() {
  return (
    <div className="page">
      <PageHeader title="AuditLog" />
    </div>
  );
}
