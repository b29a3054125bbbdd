// Partners the plan counts on but does not command (UN Country Team agencies, host-state forces and authorities,
// civil society, community protection committees): not part of any component's capacity. Kept in the mission's
// profile (edited on the mission page); here with the hand-overs each receives.
import { partnerKinds } from '../../types';
import { href } from '../../route';
import { useWorkspace } from '../context';
import { humanize } from '../fields';

export function PartnersPanel() {
  const { mission, view, readOnly } = useWorkspace();
  const partners = mission?.partners ?? [];
  return (
    <section class="panel" data-testid="partners" aria-labelledby={readOnly ? 'partners-title-copy' : 'partners-title'}>
      <header class="panel-header">
        <h2 id={readOnly ? 'partners-title-copy' : 'partners-title'}>Partners</h2>
        <span class="muted small">{partners.length}</span>
        {!readOnly && (
          <a class="push-right small" href={href.mission(view.missionId)}>
            Edit on the mission page
          </a>
        )}
      </header>
      <p class="muted small section-intro">
        Counted on, never commanded: partners are not part of any component's capacity.
      </p>
      {!mission && <p class="muted small">Loading…</p>}
      {partnerKinds.map((kind) => {
        const ofKind = partners.filter((p) => p.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <div key={kind} class="partner-group">
            <h3>{humanize(kind)}</h3>
            <ul class="plain-list">
              {ofKind.map((partner) => {
                const received = view.handovers.filter((h) => h.details.recipientPartnerId === partner.id);
                return (
                  <li key={partner.id} data-testid="partner" data-id={partner.id}>
                    <strong>{partner.name}</strong>
                    {partner.description && <span class="muted small"> {partner.description}</span>}
                    {received.length > 0 && (
                      <div class="small">Receives: {received.map((h) => h.details.title).join('; ')}</div>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
