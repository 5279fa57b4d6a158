import Foundation
import MandatCore

/// Groups stored facts into dossiers, one per invoice (DOMAIN.md §4.6), with the law's `DossierBuilder`.
///
/// A thin adapter: the store keeps facts, not dossiers, so a fact that arrives later (the invoice after its
/// statuses) links without repair. Linking rules (Chorus id, number + seller SIREN + issue date, mandats by
/// `InfoLignePce/Facture`, bordereau-level events, contracts scoped by buyer) are `DossierBuilder`'s; an
/// ambiguous link is never guessed and comes back in `unlinked`.
public enum DossierLinker {
    /// The dossiers, sorted by id.
    public static func link(_ facts: StoredFacts) -> [Dossier] { build(facts).dossiers }

    /// The dossiers, and the events that tie to no dossier or to several invoices ambiguously.
    public static func build(_ facts: StoredFacts) -> (dossiers: [Dossier], unlinked: [ChainEvent]) {
        DossierBuilder.build(
            invoices: facts.invoices, events: facts.events, mandats: facts.mandats, contracts: facts.contracts)
    }
}
