import { PageHeader } from '../components/PageHeader.tsx';

export function FairnessPage() {
  return (
    <div className="page">
      <PageHeader title="Fairness" />
    </div>
  );
}
