public import PaichaCore

extension FundsAlert {
    /// The alert as a Paicha ``Finding`` about its focus account, one piece of evidence per transfer
    /// (at most `maximumEvidence`), located in `file` by time.
    ///
    /// Confidence: `likely` when the score is at least twice the thresholds, else `weak`; a ledger
    /// pattern alone never confirms laundering.
    public func finding(ledger: Ledger, file: String, maximumEvidence: Int = 50) -> Finding {
        let evidence = self.transfers.prefix(maximumEvidence).map { edge -> Evidence in
            let index = Int(edge)
            let currency = ledger.currencies[Int(ledger.currency[index])]
            let excerpt =
                "\(ledger.accountNames[Int(ledger.from[index])]) → \(ledger.accountNames[Int(ledger.to[index])]) "
                + ledger.amountText(ledger.amount[index]) + (currency.isEmpty ? "" : " " + currency)
            return Evidence(
                label: "transfer \(ledger.transferID(edge))",
                excerpt: excerpt,
                location: EvidenceLocation(file: file, timestamp: ledger.timestamp(edge))
            )
        }
        return Finding(
            subject: ledger.accountNames[Int(self.accounts[0])],
            kind: self.pattern.kind,
            confidence: self.score >= 2 ? .likely : .weak,
            reason: self.reason,
            evidence: Array(evidence)
        )
    }
}
