import { PageHeader } from '../components/PageHeader.tsx';

export function AlertsPage() {
  return (
    <div className="page">
      <PageHeader title="Alerts" />
    </div>
  );
}
