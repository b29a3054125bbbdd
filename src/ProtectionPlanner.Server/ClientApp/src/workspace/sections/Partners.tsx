// Partners the plan counts on but does not command (UN Country Team agencies, host-state forces and authorities,
// civil society, community protection committees): not part of any component's capacity. Kept in the mission's
// profile (edited on the mission page); here, as the plan view has them, with the activities that count on each and
// the hand-overs each receives.
import { t } from '../../i18n';
import { partnerKinds } from '../../types';
import { href } from '../../route';
import { byCode, useWorkspace } from '../context';
import { humanize } from '../fields';

export function PartnersPanel() {
  const { view, readOnly } = useWorkspace();
  const partners = view.partners;
  return (
    <section class="panel" data-testid="partners" aria-labelledby={readOnly ? 'partners-title-copy' : 'partners-title'}>
      <header class="panel-header">
        <h2 id={readOnly ? 'partners-title-copy' : 'partners-title'}>{t('workspace.partnersPanel.heading')}</h2>
        <span class="muted small">{partners.length}</span>
        {!readOnly && (
          <a class="push-right small" href={href.mission(view.missionId)}>
            {t('workspace.partnersPanel.editOnMission')}
          </a>
        )}
      </header>
      <p class="muted small section-intro">{t('workspace.partnersPanel.intro')}</p>
      {partnerKinds.map((kind) => {
        const ofKind = partners.filter((p) => p.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <div key={kind} class="partner-group">
            <h3>{humanize(kind)}</h3>
            <ul class="plain-list">
              {ofKind.map((partner) => {
                const received = view.handovers.filter((h) => h.details.recipientPartnerId === partner.id);
                const countedOn = [...view.activities]
                  .sort(byCode)
                  .flatMap((a) => (a.partners ?? []).filter((p) => p.partnerId === partner.id).map((p) => ({ a, p })));
                return (
                  <li key={partner.id} data-testid="partner" data-id={partner.id}>
                    <strong>{partner.name}</strong>
                    {partner.description && <span class="muted small"> {partner.description}</span>}
                    {countedOn.length > 0 && (
                      <ul class="small plain-list" data-testid="counted-on-by">
                        {countedOn.map(({ a, p }) => (
                          <li key={a.id}>
                            {t('workspace.partnersPanel.countedOnBy', {
                              activity: `${a.code ?? ''} ${a.details.title}`,
                              contribution: p.contribution,
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                    {received.length > 0 && (
                      <div class="small">
                        {t('workspace.partnersPanel.receives', {
                          handovers: received.map((h) => h.details.title).join('; '),
                        })}
                      </div>
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
