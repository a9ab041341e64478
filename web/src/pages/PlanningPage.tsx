import { PageHeader } from '../components/PageHeader.tsx';

export function PlanningPage() {
  return (
    <div className="page">
      <PageHeader title="Planning" />
    </div>
  );
}
