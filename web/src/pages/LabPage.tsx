import { PageHeader } from '../components/PageHeader.tsx';

export function LabPage() {
  return (
    <div className="page">
      <PageHeader title="Lab" />
    </div>
  );
}
