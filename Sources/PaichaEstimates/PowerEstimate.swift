/// Electric power and energy implied by a hash rate and a device profile.
///
/// Power P = R × E, with R in H/s and E in J/H, gives watts. The three ends pair the hash-rate interval with
/// the profile's range so that the range spans both uncertainties:
/// low = R_lower × E_low, typical = R̂ × E_typical, high = R_upper × E_high (an estimate without an
/// interval uses R̂ for all three). Energy per day = P × 24 h; over an observed period = P × seconds / 3600.
public struct PowerEstimate: Hashable, Sendable, Codable {
    /// The profile's family.
    public var family: AlgorithmFamily
    /// Whether the `unknown` fallback profile was used (the algorithm was not recognised or has no profile).
    public var usesFallbackProfile: Bool
    /// The profile data version used.
    public var profileVersion: String
    /// Power in kilowatts.
    public var kilowatts: EstimateRange

    /// Makes an estimate.
    public init(family: AlgorithmFamily, usesFallbackProfile: Bool, profileVersion: String, kilowatts: EstimateRange) {
        self.family = family
        self.usesFallbackProfile = usesFallbackProfile
        self.profileVersion = profileVersion
        self.kilowatts = kilowatts
    }

    /// Power for hash rates (H/s) low / typical / high with `profile`; `version` is the profile data's.
    public init(hashesPerSecond: EstimateRange, profile: DeviceProfile, version: String) {
        let j = profile.joulesPerHash
        self.init(
            family: profile.family,
            usesFallbackProfile: profile.family == .unknown,
            profileVersion: version,
            kilowatts: EstimateRange(
                low: hashesPerSecond.low * j.low / 1000,
                typical: hashesPerSecond.typical * j.typical / 1000,
                high: hashesPerSecond.high * j.high / 1000
            )
        )
    }

    /// Power for a hash-rate estimate and the session's algorithm, or `nil` if the estimate has no rate or no
    /// profile fits.
    public init?(
        _ estimate: HashrateEstimate,
        algorithm: String?,
        dialect: ShareDialect?,
        profiles: DeviceProfiles
    ) {
        guard let rate = estimate.hashesPerSecond,
            let profile = profiles.profile(forAlgorithm: algorithm, dialect: dialect)
        else { return nil }
        let rates = EstimateRange(
            low: estimate.lowerHashesPerSecond ?? rate,
            typical: rate,
            high: estimate.upperHashesPerSecond ?? rate
        )
        self.init(hashesPerSecond: rates, profile: profile, version: profiles.version)
    }

    /// Energy per day in kWh: kW × 24.
    public var kilowattHoursPerDay: EstimateRange { self.kilowatts.scaled(by: 24) }

    /// Energy over `seconds` in kWh: kW × seconds / 3600.
    public func kilowattHours(overSeconds seconds: Double) -> EstimateRange {
        self.kilowatts.scaled(by: seconds / 3600)
    }
}

/// An electricity price with the optional punitive surcharge some provinces levy on mining.
///
/// The effective price per kWh is `base × multiplier + surcharge`: the multiplier scales the ordinary tariff
/// (e.g. 1.5 for a 50 % mark-up, 1 for none) and the surcharge is added per kWh after it (e.g. ¥0.3/kWh).
/// Cost = energy × effective price.
public struct Tariff: Hashable, Sendable, Codable {
    /// The ordinary price per kWh.
    public var pricePerKilowattHour: Double
    /// The currency's code or symbol (`CNY`, `¥`).
    public var currency: String
    /// An amount per kWh added after the multiplier (0 for none).
    public var surchargePerKilowattHour: Double
    /// A factor on the ordinary price (1 for none).
    public var multiplier: Double

    /// Makes a tariff.
    public init(
        pricePerKilowattHour: Double,
        currency: String,
        surchargePerKilowattHour: Double = 0,
        multiplier: Double = 1
    ) {
        self.pricePerKilowattHour = pricePerKilowattHour
        self.currency = currency
        self.surchargePerKilowattHour = surchargePerKilowattHour
        self.multiplier = multiplier
    }

    /// base × multiplier + surcharge, per kWh.
    public var effectivePricePerKilowattHour: Double {
        self.pricePerKilowattHour * self.multiplier + self.surchargePerKilowattHour
    }

    /// The cost of `kilowattHours` at the effective price.
    public func cost(kilowattHours: Double) -> Double {
        kilowattHours * self.effectivePricePerKilowattHour
    }

    /// The cost of each end of an energy range at the effective price.
    public func cost(kilowattHours: EstimateRange) -> EstimateRange {
        kilowattHours.scaled(by: self.effectivePricePerKilowattHour)
    }
}
