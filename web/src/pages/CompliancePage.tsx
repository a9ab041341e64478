import { PageHeader } from '../components/PageHeader.tsx';

export function CompliancePage() {
  return (
    <div className="page">
      <PageHeader title="Compliance" />
    </div>
  );
}
