"""Samplers: thin compositions of the door, the plan, the neighbour engine and synthesis."""

from smotekit.samplers.adasyn import ADASYN
from smotekit.samplers.assembled import AssembledSMOTE
from smotekit.samplers.borderline import BorderlineSMOTE
from smotekit.samplers.ccr import CCR
from smotekit.samplers.cleaning import EditedNearestNeighbours, TomekLinks
from smotekit.samplers.cluster_centroids import ClusterCentroids
from smotekit.samplers.combine import SMOTEENN, SMOTETomek, SMOTEUnder
from smotekit.samplers.condensing import CondensedNearestNeighbour, OneSidedSelection
from smotekit.samplers.editing import (
    AllKNN,
    NeighbourhoodCleaningRule,
    RepeatedEditedNearestNeighbours,
)
from smotekit.samplers.function import FunctionSampler
from smotekit.samplers.geometric import GeometricSMOTE
from smotekit.samplers.instance_hardness import InstanceHardnessThreshold
from smotekit.samplers.kmeans_smote import KMeansSMOTE
from smotekit.samplers.lee import LeeSMOTE
from smotekit.samplers.lvq_smote import LVQSMOTE
from smotekit.samplers.mlsmote import MLSMOTE
from smotekit.samplers.near_miss import NearMiss
from smotekit.samplers.noise_filter import SyntheticNoiseFilter
from smotekit.samplers.partition_filter import IterativePartitioningFilter
from smotekit.samplers.polynom_fit import PolynomFitSMOTE
from smotekit.samplers.prowsyn import ProWSyn
from smotekit.samplers.random_over import RandomOverSampler
from smotekit.samplers.random_under import RandomUnderSampler
from smotekit.samplers.regression import SMOGN, SMOTER
from smotekit.samplers.safe_level import SafeLevelSMOTE
from smotekit.samplers.smobd import SMOBD
from smotekit.samplers.smote import SMOTE
from smotekit.samplers.smote_ipf import SMOTEIPF
from smotekit.samplers.smote_n import SMOTEN
from smotekit.samplers.smote_nc import SMOTENC
from smotekit.samplers.svm_smote import SVMSMOTE

__all__ = [
    "ADASYN",
    "CCR",
    "LVQSMOTE",
    "MLSMOTE",
    "SMOBD",
    "SMOGN",
    "SMOTE",
    "SMOTEENN",
    "SMOTEIPF",
    "SMOTEN",
    "SMOTENC",
    "SMOTER",
    "SVMSMOTE",
    "AllKNN",
    "AssembledSMOTE",
    "BorderlineSMOTE",
    "ClusterCentroids",
    "CondensedNearestNeighbour",
    "EditedNearestNeighbours",
    "FunctionSampler",
    "GeometricSMOTE",
    "InstanceHardnessThreshold",
    "IterativePartitioningFilter",
    "KMeansSMOTE",
    "LeeSMOTE",
    "NearMiss",
    "NeighbourhoodCleaningRule",
    "OneSidedSelection",
    "PolynomFitSMOTE",
    "ProWSyn",
    "RandomOverSampler",
    "RandomUnderSampler",
    "RepeatedEditedNearestNeighbours",
    "SMOTETomek",
    "SMOTEUnder",
    "SafeLevelSMOTE",
    "SyntheticNoiseFilter",
    "TomekLinks",
]
