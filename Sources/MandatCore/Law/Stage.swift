import Foundation

/// Where a dossier stands in the chain (DOMAIN.md §1), derived from the **set** of its events.
///
/// The main line: `deposited` → `madeAvailable` → `serviceCertified` → `mandated` → `atComptable` →
/// `takenInCharge` → `paid`. The other cases are the branches that stop or divert the chain.
public enum Stage: String, Codable, Hashable, Sendable, CaseIterable {
    /// Deposited on the platform (Chorus `DEPOSEE`, CDAR 200/201/202): the platform holds it.
    case deposited
    /// Made available to the buyer (Chorus `MISE_A_DISPOSITION`, CDAR 203/204): the clock runs (CCP R.2192-15).
    case madeAvailable
    /// Service certified or approved (Chorus `SERVICE_FAIT`, CDAR 205/206): still with the ordonnateur.
    case serviceCertified
    /// A mandat was issued (PES_Aller, Chorus `MANDATEE`); in transit to the comptable (ordonnateur's share).
    case mandated
    /// The comptable received the mandat (PES_ACQUIT accepted, Chorus `MISE_A_DISPOSITION_COMPTABLE`).
    case atComptable
    /// The comptable took the mandat in charge (PES_Retour `EtatPce` 02/05, Chorus `COMPTABILISEE`).
    case takenInCharge
    /// Paid (PES `OrgEma` 01, Chorus `MISE_EN_PAIEMENT`, CDAR 211): the clock stops.
    case paid
    /// The platform refused the deposit (`IN_REJETE`, CDAR 213/501): the supplier resends.
    case depositRejected
    /// Returned for wrong routing data (Chorus `A_RECYCLER`, CDAR 221): the supplier fixes it.
    case routingReturned
    /// Suspended for missing documents (Chorus `SUSPENDUE`, CDAR 208): the supplier completes (R.2192-27).
    case suspended
    /// The supplier completed a suspended invoice (Chorus `COMPLETEE`, CDAR 209): back with the ordonnateur.
    case completed
    /// Rejected by the buyer (Chorus `REJETEE`, CDAR 210): terminal; a new invoice is needed.
    case rejected
    /// Disputed by the buyer (CDAR 207).
    case disputed
    /// Hélios refused the bordereau or the mandat at integration (PES_ACQUIT `EtatAck` 0).
    case integrationRejected
    /// The comptable put the mandat on hold (PES_Retour `EtatPce` 01).
    case mandatOnHold
    /// The comptable rejected the mandat (PES_Retour `EtatPce` 04).
    case mandatRejected
    /// Paid on the ordonnateur's réquisition (PES `NatPce` 19; CGCT L.1617-3).
    case paidOnRequisition
    /// The receivable was assigned or opposed (PES `CessOpp` 02/03, CDAR 225-228): payment goes elsewhere.
    case assignedOrOpposed
    /// Cancelled (CDAR 220): terminal.
    case cancelled

    /// True for stages after which nothing is expected for this invoice.
    public var isTerminal: Bool {
        switch self {
        case .paid, .paidOnRequisition, .rejected, .cancelled: return true
        default: return false
        }
    }

    /// The English label shown to people (`--lang en`).
    public var labelEN: String {
        switch self {
        case .deposited: return "Deposited"
        case .madeAvailable: return "Made available"
        case .serviceCertified: return "Service certified"
        case .mandated: return "Mandat issued"
        case .atComptable: return "With the comptable"
        case .takenInCharge: return "Taken in charge by the comptable"
        case .paid: return "Paid"
        case .depositRejected: return "Deposit rejected"
        case .routingReturned: return "Returned for routing data"
        case .suspended: return "Suspended"
        case .completed: return "Completed"
        case .rejected: return "Rejected"
        case .disputed: return "Disputed"
        case .integrationRejected: return "Rejected at Hélios integration"
        case .mandatOnHold: return "Mandat on hold"
        case .mandatRejected: return "Mandat rejected"
        case .paidOnRequisition: return "Paid on requisition"
        case .assignedOrOpposed: return "Receivable assigned or opposed"
        case .cancelled: return "Cancelled"
        }
    }

    /// The French label shown to people.
    public var labelFR: String {
        switch self {
        case .deposited: return "Déposée"
        case .madeAvailable: return "Mise à disposition"
        case .serviceCertified: return "Service fait"
        case .mandated: return "Mandatée"
        case .atComptable: return "Chez le comptable"
        case .takenInCharge: return "Prise en charge par le comptable"
        case .paid: return "Payée"
        case .depositRejected: return "Dépôt rejeté"
        case .routingReturned: return "À recycler"
        case .suspended: return "Suspendue"
        case .completed: return "Complétée"
        case .rejected: return "Rejetée"
        case .disputed: return "En litige"
        case .integrationRejected: return "Rejet à l'intégration Hélios"
        case .mandatOnHold: return "Mandat mis en instance"
        case .mandatRejected: return "Mandat rejeté"
        case .paidOnRequisition: return "Payée sur réquisition"
        case .assignedOrOpposed: return "Créance cédée ou opposée"
        case .cancelled: return "Annulée"
        }
    }
}
