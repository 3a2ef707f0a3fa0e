//! The nouns of the catalogue: the manifest, procedures, proposals, decisions and publications.
//!
//! These types are plain data with serde derives. Field order is the canonical key order of the
//! files, so a change of one field is a one-line diff. Levels, fields and agencies are manifest
//! data referenced by id, never enums: the administrative map of Vietnam changes (July 2025).

mod decision;
pub mod input;
mod legal;
mod manifest;
mod procedure;
mod proposal;
mod publication;
mod reorganize;
mod review;
mod text;

pub use decision::{
    Applied, Decision, DecisionScope, Effect, EffectBase, EffectKind, LegalText, TransferTo,
};
pub use manifest::{
    Agency, Authority, Field, Layout, Level, Manifest, Policy, PublicationSettings,
};
pub use manifest::{ManifestChange, Rename, Unit, UnitKind};
pub use procedure::{
    Agencies, Channel, ChannelKind, DossierDocument, DossierGroup, Fee, FeeKind, Interlinked,
    LegalDocument, OnlineMode, OnlineService, Postal, Procedure, ProcedureRef, ProcedureStatus,
    ProcessingTime, PublicationKind, PublicationRef, TimeUnit,
};
pub use procedure::{Baseline, FeeTier, LegalStatus, OnlineServiceEntry, ProcessStep};
pub use proposal::{
    ComplianceCost, Proposal, ProposalBase, ProposalKind, ProposalStatus, Target, Transition,
};
pub use publication::PostedDecision;
pub use publication::{ChangeEntry, PublicationChanges, PublicationCounts, PublicationRecord};
pub use reorganize::{
    AgencyMap, CodeAction, CodeMap, FieldMap, LevelMap, PlanAuthority, ReorganizeDecision,
    ReorganizePlan,
};
pub use review::{
    Activity, Assignment, CaseData, Component, Conclusion, ConclusionKind, CopyKind, CostFigures,
    CostModel, CostSide, Finding, Judgement, Missing, PlanDecision, Recommendation, Review,
    ReviewPlan, ReviewScope, TimeFinding, rate_basis_points, statutory_days, time_cost,
};

pub use legal::{LegalEntry, legal_slug, same_number};
pub(crate) use text::WIRE_NAME as TEXT_WIRE_NAME;
pub use text::{Interning, Text};

/// A calendar date (`YYYY-MM-DD` in files; `dd/mm/yyyy` is read too, see [`input`]).
pub type Date = jiff::civil::Date;

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}
