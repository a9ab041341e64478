import { PageHeader } from '../components/PageHeader.tsx';

export function ForecastPage() {
  return (
    <div className="page">
      <PageHeader title="Forecast" />
    </div>
  );
}
